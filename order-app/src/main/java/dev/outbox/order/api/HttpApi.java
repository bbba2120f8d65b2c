package dev.outbox.order.api;

import dev.outbox.client.deadletter.DeadLetters;
import dev.outbox.order.domain.OrderService;
import dev.outbox.service.deadletter.DeadLettersEndpoint;
import dev.outbox.service.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * order-app's HTTP API on service-kit's server: the order API, the dead letters of the customer
 * events consumer, {@code /health} and {@code /metrics}.
 */
public final class HttpApi {

  private HttpApi() {}

  /**
   * Listens on {@code port} (0 picks a free one) with {@code threads} request threads.
   *
   * @param deadLetters those of the consumer the app runs, for {@code /dead-letters}
   * @param health the checks {@code /health} runs, by name
   */
  public static HttpService start(
      int port,
      int threads,
      OrderService orders,
      DeadLetters deadLetters,
      PrometheusMeterRegistry registry,
      Map<String, BooleanSupplier> health) {
    return HttpService.start(
        "order",
        port,
        threads,
        registry,
        health,
        Map.of(
            OrdersEndpoint.PATH,
            new OrdersEndpoint(orders, registry),
            DeadLettersEndpoint.PATH,
            new DeadLettersEndpoint(deadLetters, registry)));
  }
}
