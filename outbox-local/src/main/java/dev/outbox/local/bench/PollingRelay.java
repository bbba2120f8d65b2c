package dev.outbox.local.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The baseline the relay is measured against, and no part of the product: the simplest relay a team
 * would write instead of change data capture. In a loop, one transaction per batch: take up to
 * {@code batchSize} of the oldest outbox rows ({@code FOR UPDATE SKIP LOCKED}, so that several
 * could run), send each as the relay's record (same key, value and CloudEvents headers) with an
 * idempotent producer, wait for every acknowledgement, delete the rows, commit. It sleeps {@link
 * #IDLE_SLEEP_MILLIS} when the outbox is empty.
 */
final class PollingRelay {

  static final long IDLE_SLEEP_MILLIS = 20;

  private static final String TAKE =
      "SELECT id, aggregate_type, aggregate_id, aggregate_version, event_type, schema_version,"
          + " payload::text, occurred_at, trace_parent FROM outbox ORDER BY occurred_at"
          + " LIMIT ? FOR UPDATE SKIP LOCKED";
  private static final String DELETE = "DELETE FROM outbox WHERE id = ANY(?)";

  private final Connection connection;
  private final Producer<String, byte[]> producer;
  private final String topic;
  private final String source;
  private final int batchSize;
  private volatile boolean running = true;
  private long relayed;
  private long batches;

  /**
   * @param connection a connection that may delete outbox rows; its auto-commit is turned off
   * @param topic where every row goes
   * @param source the {@code ce_source} header
   */
  PollingRelay(
      Connection connection,
      Producer<String, byte[]> producer,
      String topic,
      String source,
      int batchSize) {
    this.connection = connection;
    this.producer = producer;
    this.topic = topic;
    this.source = source;
    this.batchSize = batchSize;
  }

  /** Relays until {@link #stop()}; the batch in hand is finished first. */
  void run() throws SQLException, InterruptedException, ExecutionException {
    connection.setAutoCommit(false);
    try (PreparedStatement take = connection.prepareStatement(TAKE);
        PreparedStatement delete = connection.prepareStatement(DELETE)) {
      take.setInt(1, batchSize);
      while (running) {
        List<UUID> ids = new ArrayList<>(batchSize);
        List<Future<RecordMetadata>> acks = new ArrayList<>(batchSize);
        try (ResultSet rows = take.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getObject(1, UUID.class));
            acks.add(producer.send(record(rows)));
          }
        }
        if (ids.isEmpty()) {
          connection.commit();
          Thread.sleep(IDLE_SLEEP_MILLIS);
          continue;
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
          ack.get(); // a failed send ends the run: its rows stay, nothing is deleted
        }
        Array array = connection.createArrayOf("uuid", ids.toArray());
        delete.setArray(1, array);
        delete.executeUpdate();
        connection.commit();
        relayed += ids.size();
        batches++;
      }
    }
  }

  void stop() {
    running = false;
  }

  long relayed() {
    return relayed;
  }

  long batches() {
    return batches;
  }

  private ProducerRecord<String, byte[]> record(ResultSet rows) throws SQLException {
    String id = rows.getString(1);
    String aggregateType = rows.getString(2);
    String aggregateId = rows.getString(3);
    RecordHeaders headers = new RecordHeaders();
    add(headers, "ce_specversion", "1.0");
    add(headers, "ce_id", id);
    add(headers, "ce_type", rows.getString(5));
    add(headers, "ce_source", source);
    add(
        headers,
        "ce_time",
        DateTimeFormatter.ISO_INSTANT.format(rows.getObject(8, OffsetDateTime.class)));
    add(headers, "ce_subject", aggregateId);
    add(headers, "content-type", "application/json");
    add(headers, "ce_aggregatetype", aggregateType);
    add(headers, "ce_aggregateversion", Long.toString(rows.getLong(4)));
    add(headers, "ce_schemaversion", Integer.toString(rows.getInt(6)));
    String traceParent = rows.getString(9);
    if (traceParent != null) {
      add(headers, "traceparent", traceParent);
    }
    return new ProducerRecord<>(
        topic, null, aggregateId, rows.getString(7).getBytes(StandardCharsets.UTF_8), headers);
  }

  private static void add(RecordHeaders headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
