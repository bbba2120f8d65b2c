package dev.outbox.order.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.order.domain.Money;
import dev.outbox.order.domain.Order;
import dev.outbox.order.domain.OrderLine;
import dev.outbox.service.http.BadRequestException;
import dev.outbox.service.http.JsonFields;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The body of {@code POST /orders}: {@code {customerId, lines: [{sku, quantity, unitPrice}]}}. */
record PlaceOrderRequest(UUID customerId, List<OrderLine> lines) {

  static final int MAX_LINES = 100;
  static final int MAX_QUANTITY = 1_000_000;

  /** Reads and validates a body; every error names its field. */
  static PlaceOrderRequest read(ObjectNode body) {
    JsonFields fields = new JsonFields(body);
    fields.rejectUnknown(Set.of("customerId", "lines"), Set.of());
    UUID customerId = fields.uuid("customerId");
    List<OrderLine> lines =
        fields.objects("lines", 1, MAX_LINES).stream().map(PlaceOrderRequest::line).toList();
    BigDecimal total = Order.totalOf(lines);
    if (total.compareTo(Money.MAX) > 0) {
      throw new BadRequestException(
          "lines: the order total "
              + total.toPlainString()
              + " exceeds "
              + Money.MAX.toPlainString());
    }
    return new PlaceOrderRequest(customerId, lines);
  }

  private static OrderLine line(JsonFields line) {
    line.rejectUnknown(Set.of("sku", "quantity", "unitPrice"), Set.of());
    return new OrderLine(
        line.string("sku", 64, false),
        line.integer("quantity", 1, MAX_QUANTITY),
        line.amount("unitPrice", Money.MAX));
  }
}
