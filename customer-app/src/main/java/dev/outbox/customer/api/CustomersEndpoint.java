package dev.outbox.customer.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.outbox.customer.domain.Customer;
import dev.outbox.customer.domain.CustomerDetails;
import dev.outbox.customer.domain.CustomerResult;
import dev.outbox.customer.domain.CustomerService;
import dev.outbox.service.http.HttpExchanges;
import dev.outbox.service.http.Ids;
import dev.outbox.service.http.JsonEndpoint;
import dev.outbox.service.http.MethodNotAllowedException;
import dev.outbox.service.http.NotFoundException;
import dev.outbox.service.http.Response;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * {@code POST /customers}, {@code GET|PUT|DELETE /customers/{id}}. Responses carry the customer
 * with its {@code version}, also as the {@code ETag}; PUT and DELETE check the version the client
 * read when it sends one ({@code If-Match: "3"}, or {@code "version": 3} in a PUT body).
 */
final class CustomersEndpoint extends JsonEndpoint {

  static final String PATH = "/customers";

  private final CustomerService customers;

  CustomersEndpoint(CustomerService customers, MeterRegistry registry) {
    super(PATH, registry);
    this.customers = customers;
  }

  @Override
  protected Response serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.equals(PATH) || path.equals(PATH + "/")) {
      if (!method.equals("POST")) {
        throw new MethodNotAllowedException(method, "POST");
      }
      return create(exchange);
    }
    String rest = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : "";
    if (rest.isEmpty() || rest.contains("/")) {
      throw new NotFoundException(path);
    }
    UUID id = Ids.parse("id", rest);
    String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
    return switch (method) {
      case "GET" -> get(id);
      case "PUT" -> update(exchange, id, ifMatch);
      case "DELETE" ->
          answer(customers.delete(id, CustomerRequests.expectedVersion(ifMatch, null)), 200);
      default -> throw new MethodNotAllowedException(method, "GET, PUT, DELETE");
    };
  }

  private Response create(HttpExchange exchange) throws IOException {
    CustomerDetails details = CustomerRequests.details(HttpExchanges.readObject(exchange));
    Customer created = customers.create(details);
    return withCustomer(201, created).withHeader("Location", PATH + "/" + created.id());
  }

  private Response update(HttpExchange exchange, UUID id, String ifMatch) throws IOException {
    ObjectNode body = HttpExchanges.readObject(exchange);
    CustomerDetails details = CustomerRequests.details(body);
    OptionalLong expected = CustomerRequests.expectedVersion(ifMatch, body);
    return answer(customers.update(id, details, expected), 200);
  }

  private Response get(UUID id) {
    return customers
        .find(id)
        .map(c -> withCustomer(200, c))
        .orElseGet(() -> Response.error(404, "customer " + id + " does not exist"));
  }

  private static Response answer(CustomerResult result, int okStatus) {
    if (result instanceof CustomerResult.Changed changed) {
      return withCustomer(okStatus, changed.customer());
    }
    if (result instanceof CustomerResult.NotFound notFound) {
      return Response.error(404, "customer " + notFound.id() + " does not exist");
    }
    if (result instanceof CustomerResult.VersionConflict conflict) {
      return Response.error(
              409,
              "version: customer "
                  + conflict.id()
                  + " is at version "
                  + conflict.actual()
                  + ", not "
                  + conflict.expected()
                  + "; read it again")
          .withHeader("ETag", etag(conflict.actual()));
    }
    CustomerResult.AlreadyDeleted deleted = (CustomerResult.AlreadyDeleted) result;
    return Response.error(409, "customer " + deleted.id() + " is deleted")
        .withHeader("ETag", etag(deleted.version()));
  }

  private static Response withCustomer(int status, Customer customer) {
    return Response.json(status, CustomerView.of(customer))
        .withHeader("ETag", etag(customer.version()));
  }

  private static String etag(long version) {
    return "\"" + version + "\"";
  }
}
