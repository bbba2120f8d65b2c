package dev.outbox.relay.stream;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** Change records shaped as Debezium's Postgres connector shapes those of the outbox table. */
final class DebeziumRecords {

  private DebeziumRecords() {}

  /** The outbox row before platform V5 (no backfill_id). */
  static final Schema ROW_BEFORE_V5 = rowSchema(false);

  static final Schema ROW = rowSchema(true);

  private static Schema rowSchema(boolean withBackfillId) {
    SchemaBuilder row =
        SchemaBuilder.struct()
            .name("outbox-relay.public.outbox.Value")
            .field("id", Schema.STRING_SCHEMA)
            .field("aggregate_type", Schema.STRING_SCHEMA)
            .field("aggregate_id", Schema.STRING_SCHEMA)
            .field("aggregate_version", Schema.INT64_SCHEMA)
            .field("event_type", Schema.STRING_SCHEMA)
            .field("schema_version", Schema.INT32_SCHEMA)
            .field("payload", Schema.STRING_SCHEMA)
            .field("occurred_at", Schema.STRING_SCHEMA)
            .field("trace_parent", Schema.OPTIONAL_STRING_SCHEMA);
    if (withBackfillId) {
      row.field("backfill_id", Schema.OPTIONAL_STRING_SCHEMA);
    }
    return row.optional().build();
  }

  static final Schema SOURCE =
      SchemaBuilder.struct()
          .name("io.debezium.connector.postgresql.Source")
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
          .build();

  private static Schema envelope(Schema row) {
    return SchemaBuilder.struct()
        .name("outbox-relay.public.outbox.Envelope")
        .field("before", row)
        .field("after", row)
        .field("source", SOURCE)
        .field("op", Schema.STRING_SCHEMA)
        .build();
  }

  /** A live event's row. */
  static Struct row(String traceParent) {
    return row(ROW, traceParent);
  }

  /** A backfill's snapshot row. */
  static Struct snapshotRow(String backfillId) {
    return row(ROW, null).put("backfill_id", backfillId);
  }

  /** A row as an outbox migrated before platform V5 has it. */
  static Struct rowBeforeV5() {
    return row(ROW_BEFORE_V5, null);
  }

  private static Struct row(Schema schema, String traceParent) {
    return new Struct(schema)
        .put("id", "0b6c5d1e-0000-4000-8000-000000000001")
        .put("aggregate_type", "customer")
        .put("aggregate_id", "c-1")
        .put("aggregate_version", 7L)
        .put("event_type", "CustomerCreated")
        .put("schema_version", 2)
        .put("payload", "{\"a\": 1}")
        .put("occurred_at", "2026-01-02T03:04:05.123456Z")
        .put("trace_parent", traceParent);
  }

  static SourceRecord record(String op, Struct after) {
    return record(
        op,
        after,
        new Struct(SOURCE).put("ts_ms", 1_700_000_000_123L).put("ts_us", 1_700_000_000_123_456L));
  }

  /** A change whose source block has only {@code ts_ms}, as older Debezium versions give it. */
  static SourceRecord recordWithoutMicros(String op, Struct after, long commitMillis) {
    return record(op, after, new Struct(SOURCE).put("ts_ms", commitMillis));
  }

  private static SourceRecord record(String op, Struct after, Struct source) {
    Schema schema = envelope(after == null ? ROW : after.schema());
    Struct envelope = new Struct(schema).put("after", after).put("source", source).put("op", op);
    return new SourceRecord(Map.of(), Map.of(), "outbox-relay.public.outbox", schema, envelope);
  }
}
