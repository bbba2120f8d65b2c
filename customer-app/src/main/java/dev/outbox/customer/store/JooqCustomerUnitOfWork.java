package dev.outbox.customer.store;

import static dev.outbox.customer.store.jooq.Tables.CREDIT_RESERVATION;
import static dev.outbox.customer.store.jooq.Tables.CUSTOMER;

import dev.outbox.client.write.OutboxTransaction;
import dev.outbox.customer.domain.CreditDecision;
import dev.outbox.customer.domain.Customer;
import dev.outbox.customer.domain.CustomerUnitOfWork;
import dev.outbox.customer.events.CustomerEvent;
import dev.outbox.customer.store.jooq.tables.records.CustomerRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** One transaction's customer rows, credit decisions and outbox, through jOOQ. */
final class JooqCustomerUnitOfWork implements CustomerUnitOfWork {

  private final OutboxTransaction tx;
  private final DSLContext dsl;

  JooqCustomerUnitOfWork(OutboxTransaction tx) {
    this.tx = tx;
    this.dsl = tx.dsl();
  }

  @Override
  public Optional<Customer> lock(UUID id) {
    return dsl.selectFrom(CUSTOMER)
        .where(CUSTOMER.ID.eq(id))
        .forUpdate()
        .fetchOptional()
        .map(CustomerRows::toDomain);
  }

  @Override
  public void insert(Customer customer) {
    CustomerRecord row = dsl.newRecord(CUSTOMER);
    CustomerRows.copy(customer, row);
    row.insert();
  }

  @Override
  public void update(Customer customer) {
    CustomerRecord row = dsl.newRecord(CUSTOMER);
    CustomerRows.copy(customer, row);
    int updated =
        dsl.update(CUSTOMER)
            .set(row)
            .where(CUSTOMER.ID.eq(customer.id()))
            .and(CUSTOMER.VERSION.eq(customer.version() - 1))
            .execute();
    if (updated != 1) {
      // The row is locked by lock(), so this means a caller skipped it: a bug, not a race.
      throw new IllegalStateException(
          "customer "
              + customer.id()
              + " is not at version "
              + (customer.version() - 1)
              + "; lock it before changing it");
    }
  }

  @Override
  public void append(CustomerEvent event) {
    tx.append(event.customerId().toString(), event.version(), event);
  }

  @Override
  public boolean creditDecided(UUID orderId) {
    return dsl.fetchExists(CREDIT_RESERVATION, CREDIT_RESERVATION.ORDER_ID.eq(orderId));
  }

  @Override
  public void recordCreditDecision(
      UUID orderId, UUID customerId, CreditDecision decision, Instant at) {
    var insert =
        dsl.insertInto(CREDIT_RESERVATION)
            .set(CREDIT_RESERVATION.ORDER_ID, orderId)
            .set(CREDIT_RESERVATION.CUSTOMER_ID, customerId)
            .set(CREDIT_RESERVATION.DECIDED_AT, CustomerRows.toOffset(at));
    if (decision instanceof CreditDecision.Rejected rejected) {
      insert
          .set(CREDIT_RESERVATION.AMOUNT, rejected.amount())
          .set(CREDIT_RESERVATION.DECISION, "REJECTED")
          .set(CREDIT_RESERVATION.REASON, rejected.reason())
          .execute();
    } else {
      insert
          .set(CREDIT_RESERVATION.AMOUNT, ((CreditDecision.Reserved) decision).amount())
          .set(CREDIT_RESERVATION.DECISION, "RESERVED")
          .execute();
    }
  }
}
