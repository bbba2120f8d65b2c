package dev.outbox.customer.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.customer.domain.Customer;
import dev.outbox.customer.domain.CustomerDetails;
import dev.outbox.customer.domain.CustomerResult;
import dev.outbox.customer.domain.CustomerService;
import dev.outbox.service.http.Request;
import dev.outbox.service.http.Response;
import dev.outbox.service.http.Routes;
import java.io.IOException;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * {@code POST /customers}, {@code GET|PUT|DELETE /customers/{id}}. Responses carry the customer
 * with its {@code version}, also as the {@code ETag}; PUT and DELETE check the version the client
 * read when it sends one ({@code If-Match: "3"}, or {@code "version": 3} in a PUT body).
 */
final class CustomersEndpoint {

  static final String PATH = "/customers";

  private final CustomerService customers;

  private CustomersEndpoint(CustomerService customers) {
    this.customers = customers;
  }

  static Routes routes(CustomerService customers) {
    CustomersEndpoint api = new CustomersEndpoint(customers);
    return Routes.builder()
        .post(PATH, api::create)
        .get(PATH + "/{id}", api::get)
        .put(PATH + "/{id}", api::update)
        .delete(PATH + "/{id}", api::delete)
        .build();
  }

  private Response create(Request request) throws IOException {
    CustomerDetails details = CustomerRequests.forCreate(request.jsonObject());
    Customer created = customers.create(details);
    return withCustomer(201, created).withHeader("Location", PATH + "/" + created.id());
  }

  private Response get(Request request) {
    UUID id = request.uuidParameter("id");
    return customers
        .find(id)
        .map(c -> withCustomer(200, c))
        .orElseGet(() -> Response.error(404, "customer " + id + " does not exist"));
  }

  private Response update(Request request) throws IOException {
    UUID id = request.uuidParameter("id");
    ObjectNode body = request.jsonObject();
    CustomerDetails details = CustomerRequests.forUpdate(id, body);
    OptionalLong expected =
        CustomerRequests.expectedVersion(request.header("If-Match").orElse(null), body);
    return answer(customers.update(id, details, expected));
  }

  private Response delete(Request request) {
    UUID id = request.uuidParameter("id");
    OptionalLong expected =
        CustomerRequests.expectedVersion(request.header("If-Match").orElse(null), null);
    return answer(customers.delete(id, expected));
  }

  private static Response answer(CustomerResult result) {
    if (result instanceof CustomerResult.Changed changed) {
      return withCustomer(200, changed.customer());
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
