package dev.outbox.relay.config;

import java.time.Duration;

/**
 * What the relay streams and how: the slot and publication it reads, the outbox table, where events
 * go and the knobs of the Debezium engine and of sending. Each component is the value of the {@link
 * RelaySettings} declaration named after it, which says what it means and checks it.
 *
 * @param slot {@code RELAY_SLOT}
 * @param publication {@code RELAY_PUBLICATION}
 * @param outboxTable {@code RELAY_OUTBOX_TABLE}, {@code schema.table}
 * @param topicPattern {@code RELAY_TOPIC_PATTERN}
 * @param source {@code RELAY_SOURCE}, the {@code ce_source} of every event
 * @param pollInterval {@code RELAY_POLL_INTERVAL}
 * @param maxBatchSize {@code RELAY_MAX_BATCH_SIZE}
 * @param maxQueueSize {@code RELAY_MAX_QUEUE_SIZE}
 * @param offsetFlushInterval {@code RELAY_OFFSET_FLUSH_INTERVAL}
 * @param heartbeatInterval {@code RELAY_HEARTBEAT_INTERVAL}
 * @param publishExistingRows {@code RELAY_EXISTING_ROWS} is {@code publish}
 * @param sendStallTimeout {@code RELAY_SEND_STALL_TIMEOUT}
 */
public record StreamConfig(
    String slot,
    String publication,
    String outboxTable,
    TopicPattern topicPattern,
    String source,
    Duration pollInterval,
    int maxBatchSize,
    int maxQueueSize,
    Duration offsetFlushInterval,
    Duration heartbeatInterval,
    boolean publishExistingRows,
    Duration sendStallTimeout) {

  /** The schema of the outbox table. */
  public String outboxSchema() {
    return outboxTable.substring(0, outboxTable.indexOf('.'));
  }

  /** The outbox table's name without its schema. */
  public String outboxTableName() {
    return outboxTable.substring(outboxTable.indexOf('.') + 1);
  }
}
