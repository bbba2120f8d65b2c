package dev.outbox.relay.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An outbox row as it leaves for Kafka: the record of the contract in {@code docs/DESIGN.md}
 * (examples: {@code contracts/records/customer-updated.json}, and {@code customer-snapshot.json}
 * for a backfill's snapshot), and the commit time of the transaction that inserted it (for the
 * commit-to-ack latency, and the {@code ce_committime} header consumers measure freshness from).
 *
 * @param backfillId the backfill a snapshot row belongs to; null for a live event
 * @param commitMicros the commit time of the row's transaction in microseconds since the epoch, as
 *     the WAL has it (for a row read by the first start's snapshot: when it was read)
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

  // RFC 3339 in UTC with exactly six fraction digits: PostgreSQL's precision, one length always.
  private static final DateTimeFormatter COMMIT_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** Whether the row is a backfill's snapshot rather than a live event. */
  public boolean isSnapshot() {
    return backfillId != null;
  }

  /**
   * The Kafka record: key = aggregate id, value = the payload JSON object, CloudEvents headers
   * (with the extension {@code ce_committime}, {@link #commitTime()}); a snapshot also gets the
   * extension headers {@code ce_snapshot: true} and {@code ce_backfill}.
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
    add(headers, "ce_committime", commitTime());
    if (isSnapshot()) {
      add(headers, "ce_snapshot", "true");
      add(headers, "ce_backfill", backfillId);
    }
    if (traceParent != null && !traceParent.isBlank()) {
      add(headers, "traceparent", traceParent);
    }
    return new ProducerRecord<>(topic, partition, aggregateId, encoder.encode(this), headers);
  }

  /**
   * The commit time of the row's transaction as RFC 3339 in UTC with microseconds, such as {@code
   * 2026-11-26T13:05:00.234567Z}: the {@code ce_committime} header. Unlike {@code ce_time} (the
   * writer's clock when it appended the row, before its commit), it is when the event became
   * visible, the start of a consumer's commit-to-applied freshness.
   */
  public String commitTime() {
    Instant at =
        Instant.ofEpochSecond(
            Math.floorDiv(commitMicros, 1_000_000L),
            Math.floorMod(commitMicros, 1_000_000L) * 1_000L);
    return COMMIT_TIME.format(at);
  }

  private static void add(RecordHeaders headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
