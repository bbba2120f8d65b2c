package dev.outbox.order.store;

import dev.outbox.order.domain.Order;
import dev.outbox.order.domain.OrderLine;
import dev.outbox.order.domain.OrderStatus;
import dev.outbox.order.store.jooq.tables.records.PurchaseOrderRecord;
import java.util.List;

/** Maps order rows to the domain. */
final class OrderRows {

  private OrderRows() {}

  static Order toDomain(PurchaseOrderRecord r, List<OrderLine> lines) {
    return new Order(
        r.getId(),
        r.getCustomerId(),
        OrderStatus.valueOf(r.getStatus()),
        r.getTotal(),
        lines,
        r.getRejectReason(),
        r.getVersion(),
        r.getCreatedAt().toInstant(),
        r.getUpdatedAt().toInstant());
  }
}
