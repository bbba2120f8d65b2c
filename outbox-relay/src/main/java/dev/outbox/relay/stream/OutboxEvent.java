package dev.outbox.relay.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An outbox row as it leaves for Kafka: the record of the contract in {@code docs/DESIGN.md}
 * (examples: {@code contracts/records/customer-updated.json}, and {@code customer-snapshot.json}
 * for a backfill's snapshot), and the commit time of the transaction that inserted it (for the
 * commit-to-ack latency).
 *
 * @param backfillId the backfill a snapshot row belongs to; null for a live event
 */
public record OutboxEvent(
    String id,
    String aggregateType,
    String aggregateId,
    long aggregateVersion,
    String eventType,
    int schemaVersion,
    String payload,
    String occurredAt,
    String traceParent,
    String backfillId,
    long commitMicros) {

  /** Whether the row is a backfill's snapshot rather than a live event. */
  public boolean isSnapshot() {
    return backfillId != null;
  }

  /**
   * The Kafka record: key = aggregate id, value = the payload JSON object, CloudEvents headers; a
   * snapshot also gets the extension headers {@code ce_snapshot: true} and {@code ce_backfill}.
   *
   * @param partition the partition of the key (see {@link Partitions})
   */
  public ProducerRecord<String, byte[]> toRecord(String topic, int partition, String source) {
    return toRecord(topic, partition, source, ValueEncoder.JSON);
  }

  /** The same record with its value made by {@code encoder}. */
  public ProducerRecord<String, byte[]> toRecord(
      String topic, int partition, String source, ValueEncoder encoder) {
    RecordHeaders headers = new RecordHeaders();
    add(headers, "ce_specversion", "1.0");
    add(headers, "ce_id", id);
    add(headers, "ce_type", eventType);
    add(headers, "ce_source", source);
    add(headers, "ce_time", occurredAt);
    add(headers, "ce_subject", aggregateId);
    add(headers, "content-type", encoder.contentType());
    add(headers, "ce_aggregatetype", aggregateType);
    add(headers, "ce_aggregateversion", Long.toString(aggregateVersion));
    add(headers, "ce_schemaversion", Integer.toString(schemaVersion));
    if (isSnapshot()) {
      add(headers, "ce_snapshot", "true");
      add(headers, "ce_backfill", backfillId);
    }
    if (traceParent != null && !traceParent.isBlank()) {
      add(headers, "traceparent", traceParent);
    }
    return new ProducerRecord<>(topic, partition, aggregateId, encoder.encode(this), headers);
  }

  private static void add(RecordHeaders headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
