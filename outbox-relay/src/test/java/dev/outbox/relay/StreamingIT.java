package dev.outbox.relay;

import static dev.outbox.relay.fixture.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.OutboxWriter;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What reaches Kafka for what is written to the outbox. */
@ExtendWith(OutboxStackExtension.class)
class StreamingIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutboxStack stack;
  private final RelayFixture fixture;
  private final OutboxWriter writer;

  StreamingIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
    this.writer = fixture.writer();
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void each_insert_becomes_the_exact_record_of_the_contract() throws Exception {
    String type = "contract" + suffix();
    Instant occurredAt = Instant.parse("2026-03-01T10:15:30.123456Z");
    OutboxRow traced =
        new OutboxRow(
            UUID.randomUUID(),
            type,
            "c-42",
            3,
            "CustomerUpdated",
            2,
            "{\"name\": \"Ada\", \"tags\": [\"a\", \"b\"], \"credit\": {\"limit\": 100.50}}",
            occurredAt,
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    OutboxRow untraced = OutboxRow.of(type, "c-43", 1);

    try (Relay relay =
            fixture.startStreaming(fixture.environment(RelayFixture.uniqueSlot("contract")));
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      Instant beforeCommit = fixture.admin().serverTime();
      writer.commit(List.of(traced, untraced));
      Instant afterCommit = fixture.admin().serverTime();

      List<ConsumerRecord<String, byte[]>> records = reader.awaitAtLeast(2, Duration.ofSeconds(30));
      ConsumerRecord<String, byte[]> record =
          records.stream().filter(r -> r.key().equals("c-42")).findFirst().orElseThrow();

      assertThat(record.topic()).isEqualTo(type + ".events");
      assertThat(record.key()).isEqualTo("c-42");
      String value = new String(record.value(), StandardCharsets.UTF_8);
      assertThat(value).startsWith("{");
      JsonNode payload = JSON.readTree(record.value());
      assertThat(payload.isObject()).isTrue();
      assertThat(payload).isEqualTo(JSON.readTree(traced.payload()));

      Map<String, String> headers = headers(record);
      assertThat(headers)
          .containsExactlyInAnyOrderEntriesOf(
              Map.ofEntries(
                  Map.entry("ce_specversion", "1.0"),
                  Map.entry("ce_id", traced.id().toString()),
                  Map.entry("ce_type", "CustomerUpdated"),
                  Map.entry("ce_source", "/test/customers"),
                  Map.entry("ce_time", headers.get("ce_time")),
                  Map.entry("ce_subject", "c-42"),
                  Map.entry("content-type", "application/json"),
                  Map.entry("ce_aggregatetype", type),
                  Map.entry("ce_aggregateversion", "3"),
                  Map.entry("ce_schemaversion", "2"),
                  Map.entry("ce_committime", headers.get("ce_committime")),
                  Map.entry("traceparent", traced.traceParent())));
      assertThat(Instant.parse(headers.get("ce_time"))).isEqualTo(occurredAt);
      // The commit time of the row's transaction, by the database's clock, to the microsecond.
      assertThat(headers.get("ce_committime"))
          .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
      assertThat(Instant.parse(headers.get("ce_committime"))).isBetween(beforeCommit, afterCommit);
      assertThat(record.headers().toArray()).hasSize(12);

      ConsumerRecord<String, byte[]> plain =
          records.stream().filter(r -> r.key().equals("c-43")).findFirst().orElseThrow();
      assertThat(headers(plain)).doesNotContainKey("traceparent").hasSize(11);
      assertThat(header(plain, "ce_committime")).isEqualTo(headers.get("ce_committime"));
      assertThat(Instant.parse(header(plain, "ce_time"))).isEqualTo(untraced.occurredAt());
    }
  }

  @Test
  void a_rolled_back_transaction_publishes_nothing() {
    String type = "rollback" + suffix();
    List<OutboxRow> rolledBack = List.of(OutboxRow.of(type, "a", 1), OutboxRow.of(type, "b", 1));
    OutboxRow committed = OutboxRow.of(type, "c", 1);

    try (Relay relay =
            fixture.startStreaming(fixture.environment(RelayFixture.uniqueSlot("rollback")));
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      writer.rollback(rolledBack);
      // Committed after the rollback: once it arrives, anything of the rollback would have too.
      writer.commit(List.of(committed));

      reader.awaitIds(List.of(committed.id()), Duration.ofSeconds(30));
      reader.assertStaysAt(1, Duration.ofSeconds(1));
      assertThat(reader.countsById()).containsOnlyKeys(committed.id());
    }
  }

  @Test
  void ten_thousand_rows_in_mixed_transactions_all_arrive_in_aggregate_order() {
    String type = "volume" + suffix();
    Random random = new Random(7);
    Map<String, Long> versions = new HashMap<>();
    List<OutboxRow> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      String aggregate = "agg-" + random.nextInt(200);
      rows.add(OutboxRow.of(type, aggregate, versions.merge(aggregate, 1L, Long::sum)));
    }
    List<Integer> sizes = new ArrayList<>();
    for (int left = rows.size(); left > 0; ) {
      int size = Math.min(left, 1 + random.nextInt(500));
      sizes.add(size);
      left -= size;
    }

    try (Relay relay =
            fixture.startStreaming(fixture.environment(RelayFixture.uniqueSlot("volume")));
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      writer.commitInTransactions(rows, sizes, committed -> {});

      reader.awaitAtLeast(rows.size(), Duration.ofSeconds(90));
      reader.assertStaysAt(rows.size(), Duration.ofSeconds(1));
      assertThat(reader.countsById())
          .hasSize(rows.size())
          .containsOnlyKeys(rows.stream().map(OutboxRow::id).toList());
      assertThat(reader.byKey()).hasSize(versions.size());
      reader
          .byKey()
          .forEach(
              (aggregate, records) ->
                  assertThat(
                          records.stream()
                              .map(r -> Long.parseLong(header(r, "ce_aggregateversion")))
                              .toList())
                      .as("versions of %s in the order read", aggregate)
                      .isSorted()
                      .hasSize(versions.get(aggregate).intValue()));
    }
  }

  private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header h : record.headers()) {
      headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  static String suffix() {
    return Long.toString(System.nanoTime() % 100_000);
  }
}
