package dev.outbox.order.store;

import static dev.outbox.order.store.jooq.Tables.PURCHASE_ORDER;

import dev.outbox.client.write.Outbox;
import dev.outbox.order.domain.Order;
import dev.outbox.order.domain.OrderTransactions;
import dev.outbox.order.domain.OrderUnitOfWork;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Domain transactions on jOOQ, with the outbox appended in the same transaction. Bound to the app's
 * pool, or (see {@link #joining}) to a consumer's transaction that already holds its inbox row.
 */
public final class JooqOrderTransactions implements OrderTransactions {

  private final DSLContext dsl;
  private final Outbox outbox;

  public JooqOrderTransactions(DSLContext dsl, Outbox outbox) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  /** The same, running inside the transaction of {@code consumerDsl} (as a savepoint). */
  public JooqOrderTransactions joining(DSLContext consumerDsl) {
    return new JooqOrderTransactions(consumerDsl, outbox);
  }

  @Override
  public <T> T inTransaction(Function<OrderUnitOfWork, T> work) {
    return outbox.transactionResult(dsl, tx -> work.apply(new JooqOrderUnitOfWork(tx)));
  }

  @Override
  public Optional<Order> find(UUID id) {
    return dsl.selectFrom(PURCHASE_ORDER)
        .where(PURCHASE_ORDER.ID.eq(id))
        .fetchOptional()
        .map(row -> OrderRows.toDomain(row, JooqOrderUnitOfWork.lines(dsl, id)));
  }
}
