package dev.outbox.order.api;

import dev.outbox.order.domain.OrderService;
import dev.outbox.service.http.Routes;

/**
 * order-app's own routes; service-kit's runtime serves them with the consumer's dead letters,
 * {@code /health} and {@code /metrics}.
 */
public final class HttpApi {

  private HttpApi() {}

  /** {@code POST /orders}, {@code GET /orders/{id}}. */
  public static Routes routes(OrderService orders) {
    return OrdersEndpoint.routes(orders);
  }
}
