package dev.outbox.relay.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the relay process is configured with, read from {@code RELAY_*} environment variables
 * (the README lists them). Its {@link #toString()} masks every secret, so it is safe to log.
 *
 * @param db the source database
 * @param kafka the target cluster
 * @param stream what is streamed and how
 * @param retention deletion of relayed rows
 * @param lockPollInterval {@code RELAY_STANDBY_POLL_INTERVAL}: how often a standby tries to become
 *     the active relay; bounds the takeover time
 * @param shutdownTimeout {@code RELAY_SHUTDOWN_TIMEOUT}: how long a stop may take before the batch
 *     in flight is abandoned (it is re-sent on the next start)
 * @param httpPort {@code RELAY_HTTP_PORT}, 0 for any free port
 */
public record RelayConfig(
    DbConfig db,
    KafkaConfig kafka,
    StreamConfig stream,
    RetentionConfig retention,
    Duration lockPollInterval,
    Duration shutdownTimeout,
    int httpPort) {

  public static final int DEFAULT_HTTP_PORT = 8091;
  public static final String DEFAULT_SLOT = "outbox_relay";
  public static final String DEFAULT_PUBLICATION = "outbox_pub";
  public static final String DEFAULT_OUTBOX_TABLE = "public.outbox";

  public RelayConfig {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(retention, "retention");
    StreamConfig.requirePositive("RELAY_STANDBY_POLL_INTERVAL", lockPollInterval);
    StreamConfig.requirePositive("RELAY_SHUTDOWN_TIMEOUT", shutdownTimeout);
    if (httpPort < 0 || httpPort > 65535) {
      throw new RelayConfigException(
          "RELAY_HTTP_PORT must be between 0 and 65535, was " + httpPort);
    }
  }

  private static boolean publishExistingRows(String value) {
    return switch (value) {
      case "publish" -> true;
      case "skip" -> false;
      default ->
          throw new RelayConfigException(
              "RELAY_EXISTING_ROWS must be publish or skip, was '" + value + "'");
    };
  }

  /**
   * Reads the configuration from environment variables.
   *
   * @throws RelayConfigException naming the first variable that is missing or invalid
   */
  public static RelayConfig fromEnvironment(Map<String, String> variables) {
    Env env = new Env(variables);
    DbConfig db =
        DbConfig.of(
            env.required("RELAY_DB_URL"),
            env.required("RELAY_DB_USER"),
            env.secret("RELAY_DB_PASSWORD"));
    KafkaConfig kafka = KafkaConfig.fromEnv(env);
    StreamConfig stream =
        new StreamConfig(
            env.optional("RELAY_SLOT", DEFAULT_SLOT),
            env.optional("RELAY_PUBLICATION", DEFAULT_PUBLICATION),
            env.optional("RELAY_OUTBOX_TABLE", DEFAULT_OUTBOX_TABLE),
            TopicPattern.parse(env.optional("RELAY_TOPIC_PATTERN", TopicPattern.DEFAULT)),
            // Events of one database come from one service: its name is the natural default.
            env.optional("RELAY_SOURCE", "/" + db.database()),
            env.duration("RELAY_POLL_INTERVAL", Duration.ofMillis(2)),
            env.integer("RELAY_MAX_BATCH_SIZE", 2048),
            env.integer("RELAY_MAX_QUEUE_SIZE", 8192),
            env.duration("RELAY_OFFSET_FLUSH_INTERVAL", Duration.ofSeconds(1)),
            env.duration("RELAY_HEARTBEAT_INTERVAL", Duration.ofSeconds(10)),
            publishExistingRows(env.optional("RELAY_EXISTING_ROWS", "publish")));
    RetentionConfig retention =
        new RetentionConfig(
            env.duration("RELAY_RETENTION_AGE", Duration.ofDays(7)),
            env.duration("RELAY_RETENTION_INTERVAL", Duration.ofMinutes(10)),
            env.integer("RELAY_RETENTION_BATCH_SIZE", 5000));
    return new RelayConfig(
        db,
        kafka,
        stream,
        retention,
        env.duration("RELAY_STANDBY_POLL_INTERVAL", Duration.ofSeconds(1)),
        env.duration("RELAY_SHUTDOWN_TIMEOUT", Duration.ofSeconds(20)),
        env.integer("RELAY_HTTP_PORT", DEFAULT_HTTP_PORT));
  }
}
