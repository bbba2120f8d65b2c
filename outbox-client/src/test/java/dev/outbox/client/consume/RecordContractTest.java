package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.event.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The record contract, client side: {@code contracts/records/customer-updated.json} (a live event)
 * and {@code customer-snapshot.json} (a backfill's snapshot) each hold an outbox row and the exact
 * Kafka record the relay makes of it (the relay's tests check that half). Built as the {@link
 * ConsumerRecord} a consumer polls, each must read into exactly its row's values.
 */
class RecordContractTest {

  private static final ObjectMapper JSON = EventJson.defaultMapper();

  /** A stand-in for a consumer's event records that keeps the payload as a tree. */
  sealed interface ContractEvent permits CustomerUpdated, CustomerSnapshot {

    JsonNode customer();
  }

  @EventType("CustomerUpdated")
  record CustomerUpdated(JsonNode customer) implements ContractEvent {}

  @EventType("CustomerSnapshot")
  record CustomerSnapshot(JsonNode customer) implements ContractEvent {}

  /** One example, read as a consumer reads its record. */
  private record Example(
      JsonNode contract, JsonNode row, IncomingEvent in, EventEnvelope<ContractEvent> envelope) {

    static Example read(String file) {
      try {
        JsonNode contract = JSON.readTree(contractFile(file).toFile());
        JsonNode row = contract.get("outboxRow");
        IncomingEvent in = IncomingEvent.of(asPolled(contract.get("record")));
        var registration = new Registration<>(catalog(row), (tx, e) -> {});
        return new Example(
            contract,
            row,
            in,
            registration.envelope(
                CloudEventHeaders.parse(in), in, new PayloadReader(JSON, null, Map.of())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static EventCatalog<ContractEvent> catalog(JsonNode row) {
      return EventCatalog.of(row.get("aggregate_type").asText(), ContractEvent.class);
    }
  }

  /** The record as a consumer polls it: topic, key, the headers in their order, the value bytes. */
  private static ConsumerRecord<String, byte[]> asPolled(JsonNode record) throws IOException {
    var headers = new RecordHeaders();
    for (JsonNode header : record.get("headers")) {
      headers.add(
          new RecordHeader(
              header.get("name").asText(),
              header.get("value").asText().getBytes(StandardCharsets.UTF_8)));
    }
    byte[] value = JSON.writeValueAsBytes(record.get("value"));
    String key = record.get("key").asText();
    return new ConsumerRecord<>(
        record.get("topic").asText(),
        0,
        42L,
        0L,
        TimestampType.CREATE_TIME,
        key.length(),
        value.length,
        key,
        value,
        headers,
        Optional.empty());
  }

  private static Path contractFile(String file) {
    String configured = System.getProperty("contracts.records");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "contracts", "records");
    Path path = dir.resolve(file);
    assertThat(path).as("the shared record contract").isRegularFile();
    return path;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"customer-updated.json", "customer-snapshot.json"})
  void the_record_comes_from_the_topic_of_the_rows_aggregate_type_keyed_by_its_aggregate_id(
      String file) {
    Example example = Example.read(file);

    assertThat(example.envelope().topic()).isEqualTo(Example.catalog(example.row()).topic());
    assertThat(example.in().key()).isEqualTo(example.row().get("aggregate_id").asText());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"customer-updated.json", "customer-snapshot.json"})
  void the_client_reads_the_record_into_exactly_the_rows_values(String file) {
    Example example = Example.read(file);
    JsonNode row = example.row();
    EventEnvelope<ContractEvent> envelope = example.envelope();

    assertThat(envelope.id()).isEqualTo(UUID.fromString(row.get("id").asText()));
    assertThat(envelope.type()).isEqualTo(row.get("event_type").asText());
    assertThat(envelope.source()).isEqualTo(example.contract().get("relaySource").asText());
    assertThat(envelope.time()).isEqualTo(Instant.parse(row.get("occurred_at").asText()));
    assertThat(envelope.aggregateType()).isEqualTo(row.get("aggregate_type").asText());
    assertThat(envelope.aggregateId()).isEqualTo(row.get("aggregate_id").asText());
    assertThat(envelope.aggregateVersion()).isEqualTo(row.get("aggregate_version").asLong());
    assertThat(envelope.schemaVersion()).isEqualTo(row.get("schema_version").asInt());
    assertThat(CloudEventHeaders.parse(example.in()).commitTime())
        .as("ce_committime, the commit time the relay read from the WAL")
        .isEqualTo(Instant.parse(committime(example.contract())))
        .isAfter(envelope.time());
    JsonNode traceParent = row.get("trace_parent");
    assertThat(envelope.traceParent())
        .isEqualTo(traceParent == null || traceParent.isNull() ? null : traceParent.asText());
  }

  private static String committime(JsonNode contract) {
    for (JsonNode header : contract.get("record").get("headers")) {
      if (header.get("name").asText().equals("ce_committime")) {
        return header.get("value").asText();
      }
    }
    throw new AssertionError("the record of the contract has no ce_committime header");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"customer-updated.json", "customer-snapshot.json"})
  void the_payload_reads_into_the_rows_payload_as_a_tree(String file) throws IOException {
    Example example = Example.read(file);
    JsonNode payload = example.row().get("payload");

    assertThat(JSON.readTree(example.in().payload())).isEqualTo(payload);
    assertThat(JSON.valueToTree(example.envelope().event()).equals(payload)).isTrue();
    // Numbers keep their text (1500.50, 0.00), as PostgreSQL's jsonb keeps it.
    assertThat(example.envelope().event().customer().get("creditLimit").decimalValue())
        .hasToString(payload.get("customer").get("creditLimit").decimalValue().toString())
        .hasToString("1500.50");
  }
}
