package dev.outbox.relay.config;

import dev.outbox.config.Database;
import dev.outbox.config.Family;
import dev.outbox.config.Setting;
import dev.outbox.config.SettingGroup;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every {@code RELAY_*} setting of the relay, declared once: its name, default, one-line meaning,
 * parser and checks. Reading ({@link #GROUP}), the start-up log line, {@code --help} and the
 * README's table all derive from these declarations; nothing else knows a name or a default.
 */
public final class RelaySettings {

  /** What a relay's first start (no stored position) does with the rows already in the outbox. */
  public enum ExistingRows {
    PUBLISH,
    SKIP
  }

  /** What the relay does before its first send to a topic that does not exist. */
  public enum TopicCreation {
    CREATE,
    NEVER
  }

  /** Logback's levels, read by {@code logback.xml} from the environment itself. */
  public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    OFF
  }

  /** PostgreSQL's rule for slot names. */
  private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_$]{0,62}");

  public static final Database.Declared DB =
      Database.Declared.of(
          "RELAY_",
          "The source database (one host; Debezium gets host, port, database and `sslmode`, the"
              + " relay's own connections the whole URL)",
          "Login role with `REPLICATION`, member of `outbox_reader`");

  public static final Setting<String> KAFKA_BOOTSTRAP =
      Setting.hostPorts("RELAY_KAFKA_BOOTSTRAP", "Kafka bootstrap servers, `host:port[,host:port]`")
          .required();

  public static final Setting<String> SLOT =
      Setting.text(
              "RELAY_SLOT",
              "Replication slot this relay owns (created on first start); also keys its rows in"
                  + " `relay_offset` and `relay_heartbeat`, and its HA lock")
          .check(s -> SLOT_NAME.matcher(s).matches(), "must be 1 to 63 of [a-z0-9_]")
          .defaultsTo("outbox_relay");

  public static final Setting<String> PUBLICATION =
      Setting.text(
              "RELAY_PUBLICATION",
              "Publication to read; created by the platform migration. If missing, the relay tries"
                  + " `CREATE PUBLICATION`, and when its role may not, exits 3 with the SQL a DBA"
                  + " must run")
          .check(s -> IDENTIFIER.matcher(s).matches(), "must be a plain SQL identifier")
          .defaultsTo("outbox_pub");

  public static final Setting<String> OUTBOX_TABLE =
      Setting.text("RELAY_OUTBOX_TABLE", "The outbox table, `schema.table`")
          .check(RelaySettings::isQualifiedName, "must be schema.table, e.g. public.outbox")
          .defaultsTo("public.outbox");

  public static final Setting<TopicPattern> TOPIC_PATTERN =
      Setting.of(
              "RELAY_TOPIC_PATTERN",
              "Topic of each event; `{aggregate_type}` is the only placeholder",
              TopicPattern::parse)
          .defaultsTo("{aggregate_type}.events");

  public static final Setting<TopicCreation> TOPIC_CREATE =
      Setting.choice(
              "RELAY_TOPIC_CREATE",
              TopicCreation.class,
              "Before its first send to a topic that does not exist, the relay `create`s it (with"
                  + " the three settings below) and waits until every partition has a leader;"
                  + " `never`: it stops with exit code 3 instead (topics provisioned by an"
                  + " operator)")
          .defaultsTo("create");

  public static final Setting<Integer> TOPIC_PARTITIONS =
      Setting.integer(
              "RELAY_TOPIC_PARTITIONS",
              1,
              100_000,
              "Partitions of a topic the relay creates. One aggregate's events share one"
                  + " partition; more partitions let more consumers share the aggregates")
          .optional("the broker's `num.partitions`");

  public static final Setting<Integer> TOPIC_REPLICATION_FACTOR =
      Setting.integer(
              "RELAY_TOPIC_REPLICATION_FACTOR",
              1,
              Short.MAX_VALUE,
              "Replicas of each partition of a topic the relay creates: 3 in production, so that"
                  + " losing a broker loses no acknowledged event")
          .optional("the broker's `default.replication.factor`");

  public static final Setting<Integer> TOPIC_MIN_INSYNC_REPLICAS =
      Setting.integer(
              "RELAY_TOPIC_MIN_INSYNC_REPLICAS",
              1,
              Short.MAX_VALUE,
              "`min.insync.replicas` of a topic the relay creates: 2 with 3 replicas. `acks=all`"
                  + " waits only for the replicas in sync, so with 1 an acknowledged event may sit"
                  + " on one broker")
          .optional("the broker's `min.insync.replicas`");

  public static final Setting<String> SOURCE =
      Setting.text(
              "RELAY_SOURCE", "The `ce_source` header: the producing service, e.g. `customer-app`")
          .optional("`/` and the database of `RELAY_DB_URL`");

  public static final Setting<Integer> HTTP_PORT =
      Setting.port("RELAY_HTTP_PORT", "Port of `/health` and `/metrics` (`0`: any free port)")
          .defaultsTo("8091");

  public static final Setting<ExistingRows> EXISTING_ROWS =
      Setting.choice(
              "RELAY_EXISTING_ROWS",
              ExistingRows.class,
              "On the relay's first start (no stored position): `publish` the rows already in the"
                  + " outbox, once, read consistently with the new slot, so that nothing committed"
                  + " before the relay ever ran is lost; `skip` starts at the end of the WAL")
          .defaultsTo("publish");

  public static final Setting<Duration> HEARTBEAT_INTERVAL =
      Setting.positiveDuration(
              "RELAY_HEARTBEAT_INTERVAL",
              "How often an idle relay writes `relay_heartbeat` so that the slot advances")
          .defaultsTo("10s");

  public static final Setting<Duration> POLL_INTERVAL =
      Setting.positiveDuration(
              "RELAY_POLL_INTERVAL",
              "Debezium `poll.interval.ms`: how long its decoding thread sleeps when the slot has"
                  + " nothing new, and how long a batch may wait to fill; about what it adds to the"
                  + " latency of a lone event, and what an idle relay's CPU goes down with")
          .defaultsTo("5ms");

  public static final Setting<Integer> MAX_BATCH_SIZE =
      Setting.integer(
              "RELAY_MAX_BATCH_SIZE",
              1,
              1_000_000,
              "Debezium `max.batch.size`: changes per batch (one Kafka round trip)")
          .defaultsTo("2048");

  public static final Setting<Integer> MAX_QUEUE_SIZE =
      Setting.integer(
              "RELAY_MAX_QUEUE_SIZE",
              2,
              10_000_000,
              "Debezium `max.queue.size`; must exceed `RELAY_MAX_BATCH_SIZE`")
          .defaultsTo("8192");

  public static final Setting<Duration> OFFSET_FLUSH_INTERVAL =
      Setting.positiveDuration(
              "RELAY_OFFSET_FLUSH_INTERVAL",
              "How often the position is stored: bounds what is re-sent after a crash")
          .defaultsTo("1s");

  public static final Setting<Duration> SEND_STALL_TIMEOUT =
      Setting.positiveDuration(
              "RELAY_SEND_STALL_TIMEOUT",
              "How long the oldest unacknowledged event of a batch may wait for Kafka's ack before"
                  + " the relay drops its producer and re-sends the rest of the batch, in order,"
                  + " with a new one (far below the producer's `delivery.timeout.ms`)")
          .defaultsTo("5s");

  public static final Setting<Duration> RETENTION_AGE =
      Setting.duration(
              "RELAY_RETENTION_AGE",
              "Relayed outbox rows older than this are deleted; `0` turns retention off")
          .check(d -> !d.isNegative(), "must be zero or more")
          .defaultsTo("7d");

  public static final Setting<Duration> RETENTION_INTERVAL =
      Setting.positiveDuration("RELAY_RETENTION_INTERVAL", "How often retention runs")
          .defaultsTo("10m");

  public static final Setting<Integer> RETENTION_BATCH_SIZE =
      Setting.integer("RELAY_RETENTION_BATCH_SIZE", 1, 1_000_000, "Rows deleted per transaction")
          .defaultsTo("5000");

  public static final Setting<Duration> STANDBY_POLL_INTERVAL =
      Setting.positiveDuration(
              "RELAY_STANDBY_POLL_INTERVAL",
              "How often a standby tries to take the lock; bounds the takeover time")
          .defaultsTo("1s");

  public static final Setting<Duration> SHUTDOWN_TIMEOUT =
      Setting.positiveDuration("RELAY_SHUTDOWN_TIMEOUT", "How long a stop may take")
          .defaultsTo("20s");

  public static final Setting<LogLevel> LOG_LEVEL =
      Setting.choice(
              "RELAY_LOG_LEVEL",
              LogLevel.class,
              "Log level of the relay (logback; logs go to stdout)")
          .defaultsTo("info");

  public static final Setting<LogLevel> DEBEZIUM_LOG_LEVEL =
      Setting.choice("RELAY_DEBEZIUM_LOG_LEVEL", LogLevel.class, "Log level of Debezium")
          .defaultsTo("info");

  public static final Family KAFKA =
      new Family(
          "RELAY_KAFKA_",
          "<SETTING>",
          "Any Kafka producer setting, passed through: the name after the prefix, lower-cased, `_`"
              + " becomes `.` (`RELAY_KAFKA_SECURITY_PROTOCOL=SASL_SSL`). Checked against the"
              + " producer's own definitions. "
              + KafkaConfig.REFUSED
              + " Security settings also apply to the relay's admin client",
          KafkaConfig::problems);

  public static final SettingGroup GROUP =
      SettingGroup.builder("outbox-relay", "RELAY_")
          .add(DB.all())
          .add(
              KAFKA_BOOTSTRAP,
              SLOT,
              PUBLICATION,
              OUTBOX_TABLE,
              TOPIC_PATTERN,
              TOPIC_CREATE,
              TOPIC_PARTITIONS,
              TOPIC_REPLICATION_FACTOR,
              TOPIC_MIN_INSYNC_REPLICAS,
              SOURCE,
              HTTP_PORT,
              EXISTING_ROWS,
              HEARTBEAT_INTERVAL,
              POLL_INTERVAL,
              MAX_BATCH_SIZE,
              MAX_QUEUE_SIZE,
              OFFSET_FLUSH_INTERVAL,
              SEND_STALL_TIMEOUT,
              RETENTION_AGE,
              RETENTION_INTERVAL,
              RETENTION_BATCH_SIZE,
              STANDBY_POLL_INTERVAL,
              SHUTDOWN_TIMEOUT,
              LOG_LEVEL,
              DEBEZIUM_LOG_LEVEL)
          .family(KAFKA)
          .rule(
              "RELAY_MAX_QUEUE_SIZE must be greater than RELAY_MAX_BATCH_SIZE",
              s -> s.get(MAX_QUEUE_SIZE) > s.get(MAX_BATCH_SIZE),
              MAX_QUEUE_SIZE,
              MAX_BATCH_SIZE)
          .rule(
              "RELAY_TOPIC_MIN_INSYNC_REPLICAS must not exceed RELAY_TOPIC_REPLICATION_FACTOR (no"
                  + " write could ever succeed)",
              s -> atMost(s.find(TOPIC_MIN_INSYNC_REPLICAS), s.find(TOPIC_REPLICATION_FACTOR)),
              TOPIC_MIN_INSYNC_REPLICAS,
              TOPIC_REPLICATION_FACTOR)
          .build();

  private RelaySettings() {}

  private static boolean atMost(Optional<Integer> value, Optional<Integer> limit) {
    return value.isEmpty() || limit.isEmpty() || value.get() <= limit.get();
  }

  private static boolean isQualifiedName(String name) {
    String[] parts = name.split("\\.", -1);
    return parts.length == 2
        && IDENTIFIER.matcher(parts[0]).matches()
        && IDENTIFIER.matcher(parts[1]).matches();
  }
}
