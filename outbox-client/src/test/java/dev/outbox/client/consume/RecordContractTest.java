package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.event.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The record contract, client side: {@code contracts/records/customer-updated.json} holds an outbox
 * row and the exact Kafka record the relay makes of it (the relay's tests check that half). Built
 * as the {@link ConsumerRecord} a consumer polls, it must read into exactly the row's values.
 */
class RecordContractTest {

  private static final ObjectMapper JSON = EventJson.defaultMapper();

  /** A stand-in for a consumer's event record that keeps the payload as a tree. */
  sealed interface ContractEvent permits CustomerUpdated {}

  @EventType("CustomerUpdated")
  record CustomerUpdated(JsonNode customer) implements ContractEvent {}

  private static JsonNode contract;
  private static JsonNode row;
  private static EventEnvelope<ContractEvent> envelope;
  private static IncomingEvent in;

  @BeforeAll
  static void readTheContractRecord() throws IOException {
    contract = JSON.readTree(contractFile().toFile());
    row = contract.get("outboxRow");
    ConsumerRecord<String, byte[]> polled = asPolled(contract.get("record"));
    in = IncomingEvent.of(polled);
    var catalog = EventCatalog.of(row.get("aggregate_type").asText(), ContractEvent.class);
    var registration = new Registration<>(catalog, (tx, e) -> {});
    envelope = registration.envelope(CloudEventHeaders.parse(in), in, JSON);
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

  private static Path contractFile() {
    String configured = System.getProperty("contracts.records");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "contracts", "records");
    Path file = dir.resolve("customer-updated.json");
    assertThat(file).as("the shared record contract").isRegularFile();
    return file;
  }

  @Test
  void the_record_comes_from_the_topic_of_the_rows_aggregate_type_keyed_by_its_aggregate_id() {
    var catalog = EventCatalog.of(row.get("aggregate_type").asText(), ContractEvent.class);

    assertThat(envelope.topic()).isEqualTo(catalog.topic());
    assertThat(in.key()).isEqualTo(row.get("aggregate_id").asText());
  }

  @Test
  void the_client_reads_the_record_into_exactly_the_rows_values() {
    assertThat(envelope.id()).isEqualTo(UUID.fromString(row.get("id").asText()));
    assertThat(envelope.type()).isEqualTo(row.get("event_type").asText());
    assertThat(envelope.source()).isEqualTo(contract.get("relaySource").asText());
    assertThat(envelope.time()).isEqualTo(Instant.parse(row.get("occurred_at").asText()));
    assertThat(envelope.aggregateType()).isEqualTo(row.get("aggregate_type").asText());
    assertThat(envelope.aggregateId()).isEqualTo(row.get("aggregate_id").asText());
    assertThat(envelope.aggregateVersion()).isEqualTo(row.get("aggregate_version").asLong());
    assertThat(envelope.schemaVersion()).isEqualTo(row.get("schema_version").asInt());
    assertThat(envelope.traceParent()).isEqualTo(row.get("trace_parent").asText());
  }

  @Test
  void the_payload_reads_into_the_rows_payload_as_a_tree() throws IOException {
    JsonNode payload = row.get("payload");

    assertThat(JSON.readTree(in.payload())).isEqualTo(payload);
    assertThat(JSON.valueToTree(envelope.event()).equals(payload)).isTrue();
    // Numbers keep their text (1500.50, 0.00), as PostgreSQL's jsonb keeps it.
    assertThat(((CustomerUpdated) envelope.event()).customer().get("creditLimit").decimalValue())
        .hasToString(payload.get("customer").get("creditLimit").decimalValue().toString())
        .hasToString("1500.50");
  }
}
