package dev.outbox.order.api;

import dev.outbox.order.domain.CustomerStanding;
import dev.outbox.order.domain.Order;
import dev.outbox.order.domain.OrderService;
import dev.outbox.order.domain.PlaceOrderResult;
import dev.outbox.service.http.Request;
import dev.outbox.service.http.Response;
import dev.outbox.service.http.Routes;
import dev.outbox.service.http.ServiceUnavailableException;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code POST /orders} (201 PENDING, or 422 when the replica does not know the customer or knows it
 * as deleted, or 503 with {@code Retry-After} when it does not know the customer while it is being
 * filled: the customer may simply not have arrived yet) and {@code GET /orders/{id}}.
 */
final class OrdersEndpoint {

  static final String PATH = "/orders";

  private final OrderService orders;
  private final Supplier<Optional<String>> replicaFilling;

  private OrdersEndpoint(OrderService orders, Supplier<Optional<String>> replicaFilling) {
    this.orders = orders;
    this.replicaFilling = replicaFilling;
  }

  static Routes routes(OrderService orders, Supplier<Optional<String>> replicaFilling) {
    OrdersEndpoint api = new OrdersEndpoint(orders, replicaFilling);
    return Routes.builder().post(PATH, api::place).get(PATH + "/{id}", api::get).build();
  }

  private Response get(Request request) {
    UUID id = request.uuidParameter("id");
    return orders
        .find(id)
        .map(order -> Response.json(200, OrderView.of(order)))
        .orElseGet(() -> Response.error(404, "order " + id + " does not exist"));
  }

  private Response place(Request request) throws IOException {
    PlaceOrderRequest body = PlaceOrderRequest.read(request.jsonObject());
    PlaceOrderResult result = orders.place(body.customerId(), body.lines());
    if (result instanceof PlaceOrderResult.Placed placed) {
      Order order = placed.order();
      return Response.json(201, OrderView.of(order))
          .withHeader("Location", PATH + "/" + order.id());
    }
    PlaceOrderResult.CustomerNotAccepted refused = (PlaceOrderResult.CustomerNotAccepted) result;
    if (refused.standing() != CustomerStanding.DELETED) {
      Optional<String> filling = replicaFilling.get();
      if (filling.isPresent()) {
        throw new ServiceUnavailableException(
            "replica rebuilding: customer "
                + refused.customerId()
                + " is not known to order-app yet; its customer replica is "
                + filling.get(),
            null);
      }
    }
    String why =
        refused.standing() == CustomerStanding.DELETED
            ? "customerId: customer " + refused.customerId() + " is deleted"
            : "customerId: customer " + refused.customerId() + " is not known to order-app";
    return Response.error(422, why);
  }
}
