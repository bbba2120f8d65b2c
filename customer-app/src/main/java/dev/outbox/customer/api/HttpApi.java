package dev.outbox.customer.api;

import dev.outbox.customer.domain.CustomerService;
import dev.outbox.service.http.Routes;

/**
 * customer-app's own routes; service-kit's runtime serves them with the consumer's dead letters,
 * {@code /health} and {@code /metrics}.
 */
public final class HttpApi {

  private HttpApi() {}

  /** {@code POST /customers}, {@code GET|PUT|DELETE /customers/{id}}. */
  public static Routes routes(CustomerService customers) {
    return CustomersEndpoint.routes(customers);
  }
}
