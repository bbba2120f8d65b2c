package dev.outbox.order.store;

import static dev.outbox.order.store.jooq.Tables.CUSTOMER_REPLICA;
import static dev.outbox.order.store.jooq.Tables.ORDER_LINE;
import static dev.outbox.order.store.jooq.Tables.PURCHASE_ORDER;

import dev.outbox.client.write.OutboxTransaction;
import dev.outbox.order.domain.CustomerStanding;
import dev.outbox.order.domain.Order;
import dev.outbox.order.domain.OrderLine;
import dev.outbox.order.domain.OrderUnitOfWork;
import dev.outbox.order.events.OrderEvent;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record1;

/** One transaction's replica reads, orders and outbox, through jOOQ. */
final class JooqOrderUnitOfWork implements OrderUnitOfWork {

  private final OutboxTransaction tx;
  private final DSLContext dsl;

  JooqOrderUnitOfWork(OutboxTransaction tx) {
    this.tx = tx;
    this.dsl = tx.dsl();
  }

  @Override
  public CustomerStanding customerStanding(UUID customerId) {
    // FOR SHARE: a CustomerDeleted applied concurrently waits for this order, or this order sees
    // it.
    Optional<Record1<OffsetDateTime>> row =
        dsl.select(CUSTOMER_REPLICA.DELETED_AT)
            .from(CUSTOMER_REPLICA)
            .where(CUSTOMER_REPLICA.ID.eq(customerId))
            .forShare()
            .fetchOptional();
    if (row.isEmpty()) {
      return CustomerStanding.UNKNOWN;
    }
    return row.get().value1() == null ? CustomerStanding.ACTIVE : CustomerStanding.DELETED;
  }

  @Override
  public void insert(Order order) {
    dsl.insertInto(PURCHASE_ORDER)
        .set(PURCHASE_ORDER.ID, order.id())
        .set(PURCHASE_ORDER.CUSTOMER_ID, order.customerId())
        .set(PURCHASE_ORDER.STATUS, order.status().name())
        .set(PURCHASE_ORDER.TOTAL, order.total())
        .set(PURCHASE_ORDER.REJECT_REASON, order.rejectReason())
        .set(PURCHASE_ORDER.VERSION, order.version())
        .set(PURCHASE_ORDER.CREATED_AT, Timestamps.toOffset(order.createdAt()))
        .set(PURCHASE_ORDER.UPDATED_AT, Timestamps.toOffset(order.updatedAt()))
        .execute();
    var lines =
        dsl.insertInto(
            ORDER_LINE,
            ORDER_LINE.ORDER_ID,
            ORDER_LINE.LINE_NO,
            ORDER_LINE.SKU,
            ORDER_LINE.QUANTITY,
            ORDER_LINE.UNIT_PRICE);
    int lineNo = 1;
    for (OrderLine line : order.lines()) {
      lines = lines.values(order.id(), lineNo++, line.sku(), line.quantity(), line.unitPrice());
    }
    lines.execute();
  }

  @Override
  public Optional<Order> lock(UUID orderId) {
    return dsl.selectFrom(PURCHASE_ORDER)
        .where(PURCHASE_ORDER.ID.eq(orderId))
        .forUpdate()
        .fetchOptional()
        .map(row -> OrderRows.toDomain(row, lines(dsl, orderId)));
  }

  @Override
  public void updateStatus(Order order) {
    int updated =
        dsl.update(PURCHASE_ORDER)
            .set(PURCHASE_ORDER.STATUS, order.status().name())
            .set(PURCHASE_ORDER.REJECT_REASON, order.rejectReason())
            .set(PURCHASE_ORDER.VERSION, order.version())
            .set(PURCHASE_ORDER.UPDATED_AT, Timestamps.toOffset(order.updatedAt()))
            .where(PURCHASE_ORDER.ID.eq(order.id()))
            .and(PURCHASE_ORDER.VERSION.eq(order.version() - 1))
            .execute();
    if (updated != 1) {
      // lock() holds the row, so a miss means a caller skipped it: a bug, not a race.
      throw new IllegalStateException(
          "order " + order.id() + " is not at version " + (order.version() - 1));
    }
  }

  @Override
  public void append(UUID orderId, long version, OrderEvent event) {
    tx.append(orderId.toString(), version, event);
  }

  static List<OrderLine> lines(DSLContext dsl, UUID orderId) {
    return dsl.selectFrom(ORDER_LINE)
        .where(ORDER_LINE.ORDER_ID.eq(orderId))
        .orderBy(ORDER_LINE.LINE_NO)
        .fetch(r -> new OrderLine(r.getSku(), r.getQuantity(), r.getUnitPrice()));
  }
}
