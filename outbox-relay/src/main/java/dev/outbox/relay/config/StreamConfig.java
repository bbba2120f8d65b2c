package dev.outbox.relay.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the relay streams and how: the slot and publication it reads, the outbox table, where events
 * go and the knobs of the Debezium engine.
 *
 * @param slot {@code RELAY_SLOT}, the replication slot this relay owns
 * @param publication {@code RELAY_PUBLICATION}
 * @param outboxTable {@code RELAY_OUTBOX_TABLE}, {@code schema.table}
 * @param topicPattern {@code RELAY_TOPIC_PATTERN}
 * @param source {@code RELAY_SOURCE}, the {@code ce_source} of every event
 * @param pollInterval {@code RELAY_POLL_INTERVAL}, how long the engine waits for more changes
 *     before handing over a batch
 * @param maxBatchSize {@code RELAY_MAX_BATCH_SIZE}
 * @param maxQueueSize {@code RELAY_MAX_QUEUE_SIZE}, must exceed the batch size
 * @param offsetFlushInterval {@code RELAY_OFFSET_FLUSH_INTERVAL}: how often the position is stored,
 *     which bounds the events re-sent after a crash
 * @param heartbeatInterval {@code RELAY_HEARTBEAT_INTERVAL}
 * @param publishExistingRows {@code RELAY_EXISTING_ROWS}: whether a relay's first start (no stored
 *     position) publishes the rows already in the outbox ({@code publish}, the default: nothing an
 *     app committed before its relay ever ran is lost) or starts at the end of the WAL ({@code
 *     skip})
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
    boolean publishExistingRows) {

  /** PostgreSQL's rule for slot names. */
  private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_$]{0,62}");

  public StreamConfig {
    if (slot == null || !SLOT_NAME.matcher(slot).matches()) {
      throw new RelayConfigException(
          "RELAY_SLOT must be 1 to 63 lower-case letters, digits or underscores, was '"
              + slot
              + "'");
    }
    if (publication == null || !IDENTIFIER.matcher(publication).matches()) {
      throw new RelayConfigException(
          "RELAY_PUBLICATION must be a plain SQL identifier, was '" + publication + "'");
    }
    if (outboxTable == null || !isQualifiedName(outboxTable)) {
      throw new RelayConfigException(
          "RELAY_OUTBOX_TABLE must be schema.table, e.g. public.outbox, was '" + outboxTable + "'");
    }
    Objects.requireNonNull(topicPattern, "RELAY_TOPIC_PATTERN");
    if (source == null || source.isBlank()) {
      throw new RelayConfigException("RELAY_SOURCE must not be blank");
    }
    requirePositive("RELAY_POLL_INTERVAL", pollInterval);
    requirePositive("RELAY_OFFSET_FLUSH_INTERVAL", offsetFlushInterval);
    requirePositive("RELAY_HEARTBEAT_INTERVAL", heartbeatInterval);
    if (maxBatchSize < 1) {
      throw new RelayConfigException(
          "RELAY_MAX_BATCH_SIZE must be at least 1, was " + maxBatchSize);
    }
    if (maxQueueSize <= maxBatchSize) {
      throw new RelayConfigException(
          "RELAY_MAX_QUEUE_SIZE must be greater than RELAY_MAX_BATCH_SIZE ("
              + maxBatchSize
              + "), was "
              + maxQueueSize);
    }
  }

  private static boolean isQualifiedName(String name) {
    String[] parts = name.split("\\.", -1);
    return parts.length == 2
        && IDENTIFIER.matcher(parts[0]).matches()
        && IDENTIFIER.matcher(parts[1]).matches();
  }

  static void requirePositive(String variable, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new RelayConfigException(variable + " must be a positive duration, was " + value);
    }
  }

  /** The schema of the outbox table. */
  public String outboxSchema() {
    return outboxTable.substring(0, outboxTable.indexOf('.'));
  }

  /** The outbox table's name without its schema. */
  public String outboxTableName() {
    return outboxTable.substring(outboxTable.indexOf('.') + 1);
  }
}
