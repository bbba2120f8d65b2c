package dev.outbox.relay.stream;

import dev.outbox.config.Database;
import dev.outbox.relay.config.RelayConfig;
import dev.outbox.relay.config.StreamConfig;
import dev.outbox.relay.position.PostgresOffsetBackingStore;
import java.util.Properties;

/** The Debezium engine and Postgres connector settings of a relay. */
final class DebeziumProperties {

  private DebeziumProperties() {}

  static Properties of(RelayConfig config) {
    Database db = config.db();
    StreamConfig stream = config.stream();
    Properties p = new Properties();
    p.setProperty("name", "outbox-relay-" + stream.slot());
    // Debezium's Postgres connector, with a task that waits for changes instead of polling for
    // them (an idle relay costs next to nothing), and the queue that wakes it.
    p.setProperty("connector.class", OutboxPostgresConnector.class.getName());
    p.setProperty("queue.provider.type", SignallingQueue.TYPE);
    // Debezium's JMX metrics are not served by the relay (it has its own): keep them from
    // computing latency statistics for every event.
    p.setProperty("statistics.metrics.enabled", "false");
    p.setProperty("topic.prefix", "outbox-relay-" + stream.slot());

    p.setProperty("database.hostname", db.url().host());
    p.setProperty("database.port", Integer.toString(db.url().port()));
    p.setProperty("database.dbname", db.url().database());
    p.setProperty("database.user", db.user());
    p.setProperty("database.password", db.password());
    String sslMode = db.url().parameters().get("sslmode");
    if (sslMode != null) {
      p.setProperty("database.sslmode", sslMode);
    }

    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", stream.slot());
    p.setProperty("publication.name", stream.publication());
    // The relay checks (and if allowed creates) the publication itself, with a clear message.
    p.setProperty("publication.autocreate.mode", "disabled");
    p.setProperty("table.include.list", stream.outboxTable());
    // On a relay's first start (no stored position) the rows already in the outbox are published
    // once, read consistently with the new slot: rows an app committed before its relay ever ran
    // are not lost. Consumers deduplicate by event id. Later starts resume from the stored
    // position.
    p.setProperty("snapshot.mode", stream.publishExistingRows() ? "initial" : "no_data");
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("extended.headers.enabled", "false");
    // The slot outlives the relay: it holds the events committed while the relay is down.
    p.setProperty("slot.drop.on.stop", "false");
    // A standby taking over may find the killed relay's walsender still holding the slot briefly.
    p.setProperty("slot.max.retries", "30");
    p.setProperty("slot.retry.delay.ms", "1000");

    p.setProperty("poll.interval.ms", Long.toString(stream.pollInterval().toMillis()));
    p.setProperty("max.batch.size", Integer.toString(stream.maxBatchSize()));
    p.setProperty("max.queue.size", Integer.toString(stream.maxQueueSize()));

    p.setProperty("heartbeat.interval.ms", Long.toString(stream.heartbeatInterval().toMillis()));
    // Writing to a published table gives an idle outbox a change to confirm, so the slot's
    // confirmed position (and the WAL the server must keep) moves on.
    p.setProperty(
        "heartbeat.action.query",
        "INSERT INTO relay_heartbeat (slot_name, beat_at) VALUES ('"
            + stream.slot()
            + "', now()) ON CONFLICT (slot_name) DO UPDATE SET beat_at = EXCLUDED.beat_at");

    p.setProperty("offset.storage", PostgresOffsetBackingStore.class.getName());
    p.setProperty(PostgresOffsetBackingStore.URL, db.url().url());
    p.setProperty(PostgresOffsetBackingStore.USER, db.user());
    p.setProperty(PostgresOffsetBackingStore.PASSWORD, db.password());
    p.setProperty(PostgresOffsetBackingStore.SLOT, stream.slot());
    p.setProperty(
        "offset.flush.interval.ms", Long.toString(stream.offsetFlushInterval().toMillis()));
    p.setProperty("offset.flush.timeout.ms", "10000");

    // Connection losses are retried without limit: the relay reports itself unhealthy meanwhile.
    p.setProperty("errors.max.retries", "-1");
    p.setProperty("errors.retry.delay.initial.ms", "300");
    p.setProperty("errors.retry.delay.max.ms", "10000");
    return p;
  }
}
