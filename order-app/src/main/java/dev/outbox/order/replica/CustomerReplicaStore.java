package dev.outbox.order.replica;

import static dev.outbox.order.store.jooq.Tables.CUSTOMER_REPLICA;
import static org.jooq.impl.DSL.excluded;

import dev.outbox.order.events.CustomerState;
import dev.outbox.order.store.Timestamps;
import org.jooq.DSLContext;

/** The replica table: one row per customer ever seen, written only from customer events. */
public final class CustomerReplicaStore {

  /** The copy's name in the {@code replica} table (orders migration V2). */
  public static final String REPLICA = "customer_replica";

  /**
   * Writes {@code state} unless the row already holds this version or a newer one, so that a stale
   * or repeated event never overwrites newer data.
   *
   * @return true when the row was inserted or changed
   */
  public boolean upsert(DSLContext dsl, CustomerState state) {
    return dsl.insertInto(CUSTOMER_REPLICA)
            .set(CUSTOMER_REPLICA.ID, state.id())
            .set(CUSTOMER_REPLICA.NAME, state.name())
            .set(CUSTOMER_REPLICA.EMAIL, state.email())
            .set(CUSTOMER_REPLICA.ADDRESS, state.address())
            .set(CUSTOMER_REPLICA.CREDIT_LIMIT, state.creditLimit())
            .set(CUSTOMER_REPLICA.RESERVED_CREDIT, state.reservedCredit())
            .set(CUSTOMER_REPLICA.VERSION, state.version())
            .set(CUSTOMER_REPLICA.CREATED_AT, Timestamps.toOffset(state.createdAt()))
            .set(CUSTOMER_REPLICA.UPDATED_AT, Timestamps.toOffset(state.updatedAt()))
            .set(CUSTOMER_REPLICA.DELETED_AT, Timestamps.toOffset(state.deletedAt()))
            .onConflict(CUSTOMER_REPLICA.ID)
            .doUpdate()
            .set(CUSTOMER_REPLICA.NAME, excluded(CUSTOMER_REPLICA.NAME))
            .set(CUSTOMER_REPLICA.EMAIL, excluded(CUSTOMER_REPLICA.EMAIL))
            .set(CUSTOMER_REPLICA.ADDRESS, excluded(CUSTOMER_REPLICA.ADDRESS))
            .set(CUSTOMER_REPLICA.CREDIT_LIMIT, excluded(CUSTOMER_REPLICA.CREDIT_LIMIT))
            .set(CUSTOMER_REPLICA.RESERVED_CREDIT, excluded(CUSTOMER_REPLICA.RESERVED_CREDIT))
            .set(CUSTOMER_REPLICA.VERSION, excluded(CUSTOMER_REPLICA.VERSION))
            .set(CUSTOMER_REPLICA.CREATED_AT, excluded(CUSTOMER_REPLICA.CREATED_AT))
            .set(CUSTOMER_REPLICA.UPDATED_AT, excluded(CUSTOMER_REPLICA.UPDATED_AT))
            .set(CUSTOMER_REPLICA.DELETED_AT, excluded(CUSTOMER_REPLICA.DELETED_AT))
            .where(CUSTOMER_REPLICA.VERSION.lt(excluded(CUSTOMER_REPLICA.VERSION)))
            .execute()
        == 1;
  }
}
