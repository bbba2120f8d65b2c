package dev.outbox.order.api;

import dev.outbox.order.domain.OrderService;
import dev.outbox.service.http.Routes;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * order-app's own routes; service-kit's runtime serves them with the consumer's dead letters,
 * {@code /health} and {@code /metrics}.
 */
public final class HttpApi {

  private HttpApi() {}

  /**
   * {@code POST /orders}, {@code GET /orders/{id}}.
   *
   * @param replicaFilling what the customer replica's fill is at while it is incomplete (bootstrap
   *     or rebuild), empty when it is complete
   */
  public static Routes routes(OrderService orders, Supplier<Optional<String>> replicaFilling) {
    return OrdersEndpoint.routes(orders, replicaFilling);
  }
}
