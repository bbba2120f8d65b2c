package dev.outbox.order.api;

import com.sun.net.httpserver.HttpExchange;
import dev.outbox.order.domain.CustomerStanding;
import dev.outbox.order.domain.Order;
import dev.outbox.order.domain.OrderService;
import dev.outbox.order.domain.PlaceOrderResult;
import dev.outbox.service.http.HttpExchanges;
import dev.outbox.service.http.Ids;
import dev.outbox.service.http.JsonEndpoint;
import dev.outbox.service.http.MethodNotAllowedException;
import dev.outbox.service.http.NotFoundException;
import dev.outbox.service.http.Response;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.UUID;

/**
 * {@code POST /orders} (201 PENDING, or 422 when the replica does not know the customer or knows it
 * as deleted) and {@code GET /orders/{id}}.
 */
final class OrdersEndpoint extends JsonEndpoint {

  static final String PATH = "/orders";

  private final OrderService orders;

  OrdersEndpoint(OrderService orders, MeterRegistry registry) {
    super(PATH, registry);
    this.orders = orders;
  }

  @Override
  protected Response serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.equals(PATH) || path.equals(PATH + "/")) {
      if (!method.equals("POST")) {
        throw new MethodNotAllowedException(method, "POST");
      }
      return place(exchange);
    }
    String rest = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : "";
    if (rest.isEmpty() || rest.contains("/")) {
      throw new NotFoundException(path);
    }
    UUID id = Ids.parse("id", rest);
    if (!method.equals("GET")) {
      throw new MethodNotAllowedException(method, "GET");
    }
    return orders
        .find(id)
        .map(order -> Response.json(200, OrderView.of(order)))
        .orElseGet(() -> Response.error(404, "order " + id + " does not exist"));
  }

  private Response place(HttpExchange exchange) throws IOException {
    PlaceOrderRequest request = PlaceOrderRequest.read(HttpExchanges.readObject(exchange));
    PlaceOrderResult result = orders.place(request.customerId(), request.lines());
    if (result instanceof PlaceOrderResult.Placed placed) {
      Order order = placed.order();
      return Response.json(201, OrderView.of(order))
          .withHeader("Location", PATH + "/" + order.id());
    }
    PlaceOrderResult.CustomerNotAccepted refused = (PlaceOrderResult.CustomerNotAccepted) result;
    String why =
        refused.standing() == CustomerStanding.DELETED
            ? "customerId: customer " + refused.customerId() + " is deleted"
            : "customerId: customer " + refused.customerId() + " is not known to order-app";
    return Response.error(422, why);
  }
}
