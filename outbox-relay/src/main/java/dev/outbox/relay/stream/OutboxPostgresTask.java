package dev.outbox.relay.stream;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's Postgres task, whose poll waits for a change to be queued before it asks Debezium's
 * queue for a batch. Debezium's own poll returns every {@code poll.interval.ms} whether there are
 * changes or not, and spends the last part of each interval spinning (its timer counts whole
 * milliseconds, so it busy-waits while the remainder is under one): at the relay's former 2 ms
 * interval, an idle relay used about a third of a core. Everything else is Debezium's: once a
 * change is there, its queue hands over a batch exactly as before (up to {@code max.batch.size},
 * waiting at most {@code poll.interval.ms} for it to fill).
 *
 * <p>The wait is bounded, so that an idle task still returns to Debezium twice a second: a failure
 * of the decoding thread surfaces from Debezium's queue, and the offsets the engine stored are
 * confirmed to the slot, within about half a second.
 */
public class OutboxPostgresTask extends PostgresConnectorTask {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxPostgresTask.class);

  /** How long an idle poll waits for a change before it returns to Debezium anyway. */
  static final Duration IDLE_WAIT = Duration.ofMillis(500);

  private volatile SignallingQueue<?> changes;

  @Override
  public ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> start(
      Configuration config) {
    SignallingQueue.takeConfiguredOnThisThread();
    ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> coordinator;
    try {
      coordinator = super.start(config);
    } finally {
      changes = SignallingQueue.takeConfiguredOnThisThread().orElse(null);
    }
    if (changes == null) {
      LOG.warn(
          "OutboxRelay - Debezium did not use the {} queue; the engine polls every"
              + " poll.interval.ms instead of waiting for changes",
          SignallingQueue.TYPE);
    }
    return coordinator;
  }

  @Override
  public List<SourceRecord> doPoll() throws InterruptedException {
    SignallingQueue<?> queue = changes;
    if (queue != null) {
      queue.awaitChanges(IDLE_WAIT);
    }
    return super.doPoll();
  }

  @Override
  protected void doStop() {
    SignallingQueue<?> queue = changes;
    if (queue != null) {
      queue.wakeUp();
    }
    super.doStop();
  }
}
