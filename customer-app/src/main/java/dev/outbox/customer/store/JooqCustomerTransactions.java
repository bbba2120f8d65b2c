package dev.outbox.customer.store;

import static dev.outbox.customer.store.jooq.Tables.CUSTOMER;

import dev.outbox.client.write.Outbox;
import dev.outbox.customer.domain.Customer;
import dev.outbox.customer.domain.CustomerTransactions;
import dev.outbox.customer.domain.CustomerUnitOfWork;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Domain transactions on jOOQ, with the outbox appended in the same transaction. Bound to the app's
 * pool, or (see {@link #joining}) to a consumer's transaction that already holds its inbox row.
 */
public final class JooqCustomerTransactions implements CustomerTransactions {

  private final DSLContext dsl;
  private final Outbox outbox;

  public JooqCustomerTransactions(DSLContext dsl, Outbox outbox) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  /** The same, running inside the transaction of {@code consumerDsl} (as a savepoint). */
  public JooqCustomerTransactions joining(DSLContext consumerDsl) {
    return new JooqCustomerTransactions(consumerDsl, outbox);
  }

  @Override
  public <T> T inTransaction(Function<CustomerUnitOfWork, T> work) {
    return outbox.transactionResult(dsl, tx -> work.apply(new JooqCustomerUnitOfWork(tx)));
  }

  @Override
  public Optional<Customer> find(UUID id) {
    return dsl.selectFrom(CUSTOMER)
        .where(CUSTOMER.ID.eq(id))
        .fetchOptional()
        .map(CustomerRows::toDomain);
  }
}
