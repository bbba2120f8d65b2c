package dev.outbox.relay.config;

import dev.outbox.config.ConfigException;
import dev.outbox.config.Database;
import dev.outbox.config.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the relay process is configured with, built from the {@link RelaySettings} that the
 * environment gives. Its {@link #toString()} masks every secret, so it is safe to log.
 *
 * @param db the source database
 * @param kafka the target cluster
 * @param stream what is streamed and how
 * @param topics what the relay may do about missing topics
 * @param retention deletion of relayed rows
 * @param lockPollInterval {@code RELAY_STANDBY_POLL_INTERVAL}
 * @param shutdownTimeout {@code RELAY_SHUTDOWN_TIMEOUT}
 * @param httpPort {@code RELAY_HTTP_PORT}, 0 for any free port
 */
public record RelayConfig(
    Database db,
    KafkaConfig kafka,
    StreamConfig stream,
    TopicConfig topics,
    RetentionConfig retention,
    Duration lockPollInterval,
    Duration shutdownTimeout,
    int httpPort) {

  /**
   * Reads the configuration from environment variables.
   *
   * @throws ConfigException listing every problem, each naming its variable
   */
  public static RelayConfig fromEnvironment(Map<String, String> variables) {
    return from(RelaySettings.GROUP.read(variables));
  }

  /** The configuration that settings read by {@link RelaySettings#GROUP} give. */
  public static RelayConfig from(Settings s) {
    Database db = RelaySettings.DB.from(s);
    StreamConfig stream =
        new StreamConfig(
            s.get(RelaySettings.SLOT),
            s.get(RelaySettings.PUBLICATION),
            s.get(RelaySettings.OUTBOX_TABLE),
            s.get(RelaySettings.TOPIC_PATTERN),
            // Events of one database come from one service: its name is the natural default.
            s.find(RelaySettings.SOURCE).orElse("/" + db.url().database()),
            s.get(RelaySettings.POLL_INTERVAL),
            s.get(RelaySettings.MAX_BATCH_SIZE),
            s.get(RelaySettings.MAX_QUEUE_SIZE),
            s.get(RelaySettings.OFFSET_FLUSH_INTERVAL),
            s.get(RelaySettings.HEARTBEAT_INTERVAL),
            s.get(RelaySettings.EXISTING_ROWS) == RelaySettings.ExistingRows.PUBLISH,
            s.get(RelaySettings.SEND_STALL_TIMEOUT));
    TopicConfig topics =
        new TopicConfig(
            s.get(RelaySettings.TOPIC_CREATE) == RelaySettings.TopicCreation.CREATE,
            s.find(RelaySettings.TOPIC_PARTITIONS),
            s.find(RelaySettings.TOPIC_REPLICATION_FACTOR).map(Integer::shortValue),
            s.find(RelaySettings.TOPIC_MIN_INSYNC_REPLICAS));
    RetentionConfig retention =
        new RetentionConfig(
            s.get(RelaySettings.RETENTION_AGE),
            s.get(RelaySettings.RETENTION_INTERVAL),
            s.get(RelaySettings.RETENTION_BATCH_SIZE));
    return new RelayConfig(
        db,
        KafkaConfig.from(s),
        stream,
        topics,
        retention,
        s.get(RelaySettings.STANDBY_POLL_INTERVAL),
        s.get(RelaySettings.SHUTDOWN_TIMEOUT),
        s.get(RelaySettings.HTTP_PORT));
  }
}
