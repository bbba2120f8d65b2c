package dev.outbox.relay.stream;

import io.debezium.connector.postgresql.PostgresConnector;
import org.apache.kafka.connect.connector.Task;

/**
 * Debezium's Postgres connector with the relay's task ({@link OutboxPostgresTask}, which waits for
 * changes instead of polling for them). Named by {@code connector.class}.
 */
public class OutboxPostgresConnector extends PostgresConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return OutboxPostgresTask.class;
  }
}
