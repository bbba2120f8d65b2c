package dev.outbox.relay;

import static dev.outbox.relay.fixture.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The record contract, as both sides test it: {@code contracts/records/customer-updated.json} (a
 * live event) and {@code customer-snapshot.json} (a backfill's snapshot) each hold an outbox row
 * and the exact Kafka record the relay makes of it; the client's tests consume those records.
 * Values are compared as JSON trees with numbers kept as written ({@code 1500.50}), since
 * PostgreSQL's {@code jsonb} reorders keys and whitespace but keeps numbers' text. A header the
 * example marks {@code varies} ({@code ce_committime}, the commit time of the row's transaction) is
 * held to its form and to the commit instead of to the example's value.
 */
@ExtendWith(OutboxStackExtension.class)
class ContractRecordIT {

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private final OutboxStack stack;
  private final RelayFixture fixture;

  ContractRecordIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  /** The live event's example and the backfill snapshot's (its two extra headers, last). */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"customer-updated.json", "customer-snapshot.json"})
  void the_contract_row_becomes_exactly_the_contract_record(String example) throws Exception {
    JsonNode contract =
        JSON.readTree(Files.readString(contractFile(example), StandardCharsets.UTF_8));
    JsonNode row = contract.get("outboxRow");
    JsonNode expected = contract.get("record");
    OutboxRow outboxRow =
        new OutboxRow(
            UUID.fromString(row.get("id").asText()),
            row.get("aggregate_type").asText(),
            row.get("aggregate_id").asText(),
            row.get("aggregate_version").asLong(),
            row.get("event_type").asText(),
            row.get("schema_version").asInt(),
            JSON.writeValueAsString(row.get("payload")),
            Instant.parse(row.get("occurred_at").asText()),
            text(row, "trace_parent"),
            text(row, "backfill_id") == null ? null : UUID.fromString(text(row, "backfill_id")));
    // The row's id is fixed: a stack that outlives one run (OUTBOX_STACK=external) has it already.
    fixture.admin().execute("DELETE FROM outbox WHERE id = ?::uuid", outboxRow.id().toString());
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("contract"));
    env.put("RELAY_SOURCE", contract.get("relaySource").asText());

    try (Relay relay = fixture.startStreaming(env);
        TopicReader reader =
            new TopicReader(stack.kafkaBootstrapServers(), expected.get("topic").asText())) {
      Instant beforeCommit = fixture.admin().serverTime();
      fixture.writer().commit(List.of(outboxRow));
      Instant afterCommit = fixture.admin().serverTime();

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> reader.poll().stream().anyMatch(r -> isTheRow(r, outboxRow)));
      ConsumerRecord<String, byte[]> record =
          reader.records().stream().filter(r -> isTheRow(r, outboxRow)).findFirst().orElseThrow();

      assertThat(record.topic()).isEqualTo(expected.get("topic").asText());
      assertThat(record.key()).isEqualTo(expected.get("key").asText());
      List<String> actual = headers(record);
      assertThat(names(actual)).containsExactlyElementsOf(names(expectedHeaders(expected)));
      for (JsonNode header : expected.get("headers")) {
        String name = header.get("name").asText();
        String value = header(record, name);
        if (header.has("varies")) {
          assertThat(value).as(name).matches(COMMIT_TIME);
          assertThat(Instant.parse(value)).as(name).isBetween(beforeCommit, afterCommit);
          assertThat(Instant.parse(header.get("value").asText()))
              .as("the example's " + name + " is after its occurred_at")
              .isAfter(outboxRow.occurredAt());
        } else {
          assertThat(name + "=" + value).isEqualTo(name + "=" + header.get("value").asText());
        }
      }
      assertThat(JSON.readTree(record.value())).isEqualTo(expected.get("value"));
    }
  }

  /** The form of {@code ce_committime}: RFC 3339 in UTC with exactly six fraction digits. */
  private static final String COMMIT_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";

  private static List<String> names(List<String> headers) {
    return headers.stream().map(h -> h.substring(0, h.indexOf('='))).toList();
  }

  /** A column of the example's row; null when absent or JSON null. */
  private static String text(JsonNode row, String column) {
    JsonNode value = row.get(column);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static boolean isTheRow(ConsumerRecord<String, byte[]> record, OutboxRow row) {
    return row.id().toString().equals(header(record, "ce_id"));
  }

  private static List<String> headers(ConsumerRecord<String, byte[]> record) {
    List<String> headers = new ArrayList<>();
    for (Header h : record.headers()) {
      headers.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  private static List<String> expectedHeaders(JsonNode record) {
    List<String> headers = new ArrayList<>();
    record
        .get("headers")
        .forEach(h -> headers.add(h.get("name").asText() + "=" + h.get("value").asText()));
    return headers;
  }

  private static Path contractFile(String example) {
    return Path.of(System.getProperty("contracts.dir", "../contracts"))
        .resolve("records")
        .resolve(example);
  }
}
