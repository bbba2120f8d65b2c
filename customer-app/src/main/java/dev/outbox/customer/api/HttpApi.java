package dev.outbox.customer.api;

import dev.outbox.client.deadletter.DeadLetters;
import dev.outbox.customer.domain.CustomerService;
import dev.outbox.service.deadletter.DeadLettersEndpoint;
import dev.outbox.service.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * customer-app's HTTP API on service-kit's server: the customer API, the dead letters of the {@code
 * OrderPlaced} consumer, {@code /health} and {@code /metrics}.
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
      CustomerService customers,
      DeadLetters deadLetters,
      PrometheusMeterRegistry registry,
      Map<String, BooleanSupplier> health) {
    return HttpService.start(
        "customer",
        port,
        threads,
        registry,
        health,
        Map.of(
            CustomersEndpoint.PATH,
            new CustomersEndpoint(customers, registry),
            DeadLettersEndpoint.PATH,
            new DeadLettersEndpoint(deadLetters, registry)));
  }
}
