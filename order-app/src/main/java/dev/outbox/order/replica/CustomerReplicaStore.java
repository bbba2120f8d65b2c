package dev.outbox.order.replica;

import static dev.outbox.order.store.jooq.Tables.CUSTOMER_REPLICA;
import static org.jooq.impl.DSL.excluded;

import dev.outbox.order.events.CustomerState;
import dev.outbox.order.events.PostalAddress;
import dev.outbox.order.store.Timestamps;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The replica table: one row per customer ever seen, written only from customer events. The
 * customer's postal address goes into {@code street} and {@code city} (both null when it has none).
 */
public final class CustomerReplicaStore {

  /** The copy's name in the {@code replica} table (orders migration V2). */
  public static final String REPLICA = "customer_replica";

  // Twelve parameters a row: far below PostgreSQL's limit of 65,535 per statement.
  private static final int ROWS_PER_STATEMENT = 1000;

  /**
   * Writes {@code state} unless the row already holds this version or a newer one, so that a stale
   * or repeated event never overwrites newer data.
   *
   * @return true when the row was inserted or changed
   */
  public boolean upsert(DSLContext dsl, CustomerState state) {
    return upsertAll(dsl, List.of(state)) == 1;
  }

  /**
   * {@link #upsert} for many customers, {@value #ROWS_PER_STATEMENT} per statement at most.
   *
   * @param states at most one per customer
   * @return how many rows were inserted or changed
   */
  public int upsertAll(DSLContext dsl, List<CustomerState> states) {
    int changed = 0;
    for (int from = 0; from < states.size(); from += ROWS_PER_STATEMENT) {
      changed +=
          upsertRows(dsl, states.subList(from, Math.min(states.size(), from + ROWS_PER_STATEMENT)));
    }
    return changed;
  }

  private static int upsertRows(DSLContext dsl, List<CustomerState> states) {
    var insert =
        dsl.insertInto(
            CUSTOMER_REPLICA,
            CUSTOMER_REPLICA.ID,
            CUSTOMER_REPLICA.NAME,
            CUSTOMER_REPLICA.EMAIL,
            CUSTOMER_REPLICA.ADDRESS,
            CUSTOMER_REPLICA.STREET,
            CUSTOMER_REPLICA.CITY,
            CUSTOMER_REPLICA.CREDIT_LIMIT,
            CUSTOMER_REPLICA.RESERVED_CREDIT,
            CUSTOMER_REPLICA.VERSION,
            CUSTOMER_REPLICA.CREATED_AT,
            CUSTOMER_REPLICA.UPDATED_AT,
            CUSTOMER_REPLICA.DELETED_AT);
    for (CustomerState state : states) {
      PostalAddress postal = state.postalAddress();
      insert =
          insert.values(
              state.id(),
              state.name(),
              state.email(),
              state.address(),
              postal == null ? null : postal.street(),
              postal == null ? null : postal.city(),
              state.creditLimit(),
              state.reservedCredit(),
              state.version(),
              Timestamps.toOffset(state.createdAt()),
              Timestamps.toOffset(state.updatedAt()),
              Timestamps.toOffset(state.deletedAt()));
    }
    return insert
        .onConflict(CUSTOMER_REPLICA.ID)
        .doUpdate()
        .set(CUSTOMER_REPLICA.NAME, excluded(CUSTOMER_REPLICA.NAME))
        .set(CUSTOMER_REPLICA.EMAIL, excluded(CUSTOMER_REPLICA.EMAIL))
        .set(CUSTOMER_REPLICA.ADDRESS, excluded(CUSTOMER_REPLICA.ADDRESS))
        .set(CUSTOMER_REPLICA.STREET, excluded(CUSTOMER_REPLICA.STREET))
        .set(CUSTOMER_REPLICA.CITY, excluded(CUSTOMER_REPLICA.CITY))
        .set(CUSTOMER_REPLICA.CREDIT_LIMIT, excluded(CUSTOMER_REPLICA.CREDIT_LIMIT))
        .set(CUSTOMER_REPLICA.RESERVED_CREDIT, excluded(CUSTOMER_REPLICA.RESERVED_CREDIT))
        .set(CUSTOMER_REPLICA.VERSION, excluded(CUSTOMER_REPLICA.VERSION))
        .set(CUSTOMER_REPLICA.CREATED_AT, excluded(CUSTOMER_REPLICA.CREATED_AT))
        .set(CUSTOMER_REPLICA.UPDATED_AT, excluded(CUSTOMER_REPLICA.UPDATED_AT))
        .set(CUSTOMER_REPLICA.DELETED_AT, excluded(CUSTOMER_REPLICA.DELETED_AT))
        .where(CUSTOMER_REPLICA.VERSION.lt(excluded(CUSTOMER_REPLICA.VERSION)))
        .execute();
  }
}
