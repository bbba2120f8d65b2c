package dev.outbox.client.write;

import java.sql.SQLException;
import org.jooq.DSLContext;

/**
 * The handle of one {@link Outbox} transaction: the only way to append events. It is valid only
 * while the callback it was handed to runs; afterwards every call fails.
 */
public final class OutboxTransaction {

  private final OutboxWriter writer;
  private final DSLContext dsl;
  private boolean open = true;

  OutboxTransaction(OutboxWriter writer, DSLContext dsl) {
    this.writer = writer;
    this.dsl = dsl;
  }

  /** The transaction's context: change the domain rows with it, so they commit with the events. */
  public DSLContext dsl() {
    requireOpen();
    return dsl;
  }

  /**
   * Appends one event.
   *
   * @param aggregateId the aggregate's id, the Kafka key
   * @param aggregateVersion the domain row's version after this change: 1, 2, 3...
   * @param event a record of a registered {@link dev.outbox.client.event.EventCatalog}
   * @throws OutboxAppendException when this handle's callback has returned, the connection is not
   *     in a transaction, the event's class is not registered or its payload cannot be written
   */
  public AppendedEvent append(String aggregateId, long aggregateVersion, Object event) {
    requireOpen();
    requireTransaction();
    return writer.append(dsl, aggregateId, aggregateVersion, event);
  }

  void requireTransaction() {
    boolean autoCommit;
    try {
      autoCommit = dsl.connectionResult(connection -> connection.getAutoCommit());
    } catch (RuntimeException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw new OutboxAppendException("Could not check the transaction: " + sql.getMessage(), e);
      }
      throw e;
    }
    if (autoCommit) {
      throw new OutboxAppendException(
          "Not inside a database transaction (auto-commit is on): the DSLContext's"
              + " TransactionProvider did not start one, so events would not commit with the"
              + " change they describe");
    }
  }

  private void requireOpen() {
    if (!open) {
      throw new OutboxAppendException(
          "This OutboxTransaction's callback has returned: append inside outbox.transaction(...)");
    }
  }

  void close() {
    open = false;
  }
}
