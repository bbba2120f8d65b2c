package dev.outbox.relay.stream;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads a Debezium change record of the outbox table. It relies on the standard envelope ({@code
 * op}, {@code after}, {@code source}) and on the outbox columns of {@code docs/DESIGN.md}; Debezium
 * maps {@code uuid}, {@code jsonb} and {@code timestamptz} to strings (the last in ISO-8601, UTC).
 */
final class OutboxChangeParser {

  private static final String ENVELOPE_SUFFIX = ".Envelope";

  Change parse(SourceRecord record) {
    Schema schema = record.valueSchema();
    if (!(record.value() instanceof Struct value)
        || schema == null
        || schema.name() == null
        || !schema.name().endsWith(ENVELOPE_SUFFIX)) {
      // Heartbeats and other engine records carry a position but no change.
      return new Change.Ignored(
          record.topic().startsWith("__debezium-heartbeat") ? "heartbeat" : "other");
    }
    String op = value.getString("op");
    return switch (op) {
      // "r": a row read by the first start's snapshot, published like an insert.
      case "c", "r" ->
          new Change.Insert(event(value.getStruct("after"), value.getStruct("source")));
      case "u" -> new Change.Ignored("update");
      case "d" -> new Change.Ignored("delete");
      case "t" -> new Change.Ignored("truncate");
      default -> new Change.Ignored("op_" + op);
    };
  }

  private static OutboxEvent event(Struct after, Struct source) {
    return new OutboxEvent(
        after.getString("id"),
        after.getString("aggregate_type"),
        after.getString("aggregate_id"),
        after.getInt64("aggregate_version"),
        after.getString("event_type"),
        after.getInt32("schema_version"),
        after.getString("payload"),
        after.getString("occurred_at"),
        optionalString(after, "trace_parent"),
        // Absent from the rows of an outbox migrated before platform V5.
        optionalString(after, "backfill_id"),
        commitMicros(source));
  }

  private static String optionalString(Struct struct, String name) {
    return struct.schema().field(name) == null ? null : struct.getString(name);
  }

  /** The source transaction's commit time; {@code ts_us} where Debezium provides it. */
  private static long commitMicros(Struct source) {
    Field micros = source.schema().field("ts_us");
    if (micros != null && source.get(micros) != null) {
      return source.getInt64("ts_us");
    }
    return TimeUnit.MILLISECONDS.toMicros(source.getInt64("ts_ms"));
  }
}
