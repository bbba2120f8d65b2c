package dev.outbox.relay.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The parser on records shaped as Debezium's Postgres connector shapes them. */
class OutboxChangeParserTest {

  private final OutboxChangeParser parser = new OutboxChangeParser();

  @Test
  void an_insert_becomes_the_contract_record() {
    Change change = parser.parse(DebeziumRecords.record("c", DebeziumRecords.row("00-abc-def-01")));

    assertThat(change).isInstanceOf(Change.Insert.class);
    OutboxEvent event = ((Change.Insert) change).event();
    assertThat(event.commitMicros()).isEqualTo(1_700_000_000_123_456L);
    ProducerRecord<String, byte[]> record = event.toRecord("customer.events", 0, "/customers");
    assertThat(record.topic()).isEqualTo("customer.events");
    assertThat(record.key()).isEqualTo("c-1");
    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}");
    assertThat(headers(record))
        .containsEntry("ce_specversion", "1.0")
        .containsEntry("ce_id", "0b6c5d1e-0000-4000-8000-000000000001")
        .containsEntry("ce_type", "CustomerCreated")
        .containsEntry("ce_source", "/customers")
        .containsEntry("ce_time", "2026-01-02T03:04:05.123456Z")
        .containsEntry("ce_subject", "c-1")
        .containsEntry("content-type", "application/json")
        .containsEntry("ce_aggregatetype", "customer")
        .containsEntry("ce_aggregateversion", "7")
        .containsEntry("ce_schemaversion", "2")
        .containsEntry("ce_committime", "2023-11-14T22:13:20.123456Z")
        .containsEntry("traceparent", "00-abc-def-01")
        .hasSize(12);
  }

  @Test
  void the_commit_time_header_is_rfc_3339_in_utc_with_six_fraction_digits() {
    assertThat(event(1_700_000_000_000_000L).commitTime()).isEqualTo("2023-11-14T22:13:20.000000Z");
    assertThat(event(1_700_000_000_000_007L).commitTime()).isEqualTo("2023-11-14T22:13:20.000007Z");
    assertThat(event(-1L).commitTime()).isEqualTo("1969-12-31T23:59:59.999999Z");
    // Where Debezium gives only ts_ms, the commit time has milliseconds and still six digits.
    assertThat(
            ((Change.Insert)
                    parser.parse(
                        DebeziumRecords.recordWithoutMicros(
                            "c", DebeziumRecords.row(null), 1_700_000_000_123L)))
                .event()
                .toRecord("t", 0, "s")
                .headers()
                .lastHeader("ce_committime")
                .value())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("2023-11-14T22:13:20.123000Z");
  }

  private static OutboxEvent event(long commitMicros) {
    return new OutboxEvent(
        "0b6c5d1e-0000-4000-8000-000000000001",
        "customer",
        "c-1",
        1,
        "CustomerCreated",
        1,
        "{}",
        "2026-01-02T03:04:05.123456Z",
        null,
        null,
        commitMicros);
  }

  @Test
  void a_backfill_snapshot_gets_the_snapshot_headers_and_everything_else_as_a_live_event() {
    String backfill = "5d1f0c9a-7e2b-4c3d-8a9b-0c1d2e3f4a5b";
    OutboxEvent live =
        ((Change.Insert) parser.parse(DebeziumRecords.record("c", DebeziumRecords.row(null))))
            .event();
    OutboxEvent snapshot =
        ((Change.Insert)
                parser.parse(DebeziumRecords.record("c", DebeziumRecords.snapshotRow(backfill))))
            .event();

    assertThat(snapshot.isSnapshot()).isTrue();
    assertThat(live.isSnapshot()).isFalse();
    ProducerRecord<String, byte[]> record = snapshot.toRecord("customer.events", 0, "/customers");
    Map<String, String> liveHeaders = headers(live.toRecord("customer.events", 0, "/customers"));
    assertThat(liveHeaders).doesNotContainKeys("ce_snapshot", "ce_backfill");
    assertThat(headers(record))
        .containsAllEntriesOf(liveHeaders)
        .containsEntry("ce_snapshot", "true")
        .containsEntry("ce_backfill", backfill)
        .hasSize(liveHeaders.size() + 2);
    assertThat(record.key()).isEqualTo("c-1");
    assertThat(record.value()).isEqualTo(live.toRecord("customer.events", 0, "s").value());
  }

  @Test
  void a_row_of_an_outbox_migrated_before_backfills_is_a_live_event() {
    OutboxEvent event =
        ((Change.Insert) parser.parse(DebeziumRecords.record("c", DebeziumRecords.rowBeforeV5())))
            .event();

    assertThat(event.isSnapshot()).isFalse();
    assertThat(headers(event.toRecord("t", 0, "s"))).doesNotContainKeys("ce_snapshot").hasSize(11);
  }

  @Test
  void a_row_read_by_the_first_start_snapshot_is_published_like_an_insert() {
    Change change = parser.parse(DebeziumRecords.record("r", DebeziumRecords.row(null)));
    assertThat(change).isInstanceOf(Change.Insert.class);
    assertThat(((Change.Insert) change).event().toRecord("t", 0, "s").key()).isEqualTo("c-1");
  }

  @Test
  void no_traceparent_header_without_a_trace() {
    OutboxEvent event =
        ((Change.Insert) parser.parse(DebeziumRecords.record("c", DebeziumRecords.row(null))))
            .event();
    assertThat(headers(event.toRecord("t", 0, "s"))).doesNotContainKey("traceparent").hasSize(11);
  }

  @Test
  void updates_deletes_and_heartbeats_are_ignored_by_kind() {
    assertThat(parser.parse(DebeziumRecords.record("u", DebeziumRecords.row(null))))
        .isEqualTo(new Change.Ignored("update"));
    assertThat(parser.parse(DebeziumRecords.record("d", null)))
        .isEqualTo(new Change.Ignored("delete"));
    SourceRecord heartbeat =
        new SourceRecord(
            Map.of(),
            Map.of(),
            "__debezium-heartbeat.outbox-relay",
            SchemaBuilder.struct()
                .name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA)
                .build(),
            null);
    assertThat(parser.parse(heartbeat)).isEqualTo(new Change.Ignored("heartbeat"));
  }

  private static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
    var map = new java.util.HashMap<String, String>();
    for (Header h : record.headers()) {
      map.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
    }
    return map;
  }
}
