package dev.outbox.service.config;

import dev.outbox.client.consume.EventConsumerConfig;
import dev.outbox.client.housekeeping.TableRetention;
import dev.outbox.config.Database;
import dev.outbox.config.Setting;
import dev.outbox.config.SettingGroup;
import dev.outbox.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings every service has, declared once under the service's prefix: {@code
 * <PREFIX>HTTP_PORT}, {@code HTTP_THREADS}, {@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}
 * (these three required: a service never guesses its credentials), {@code DB_POOL_SIZE}, {@code
 * KAFKA_BOOTSTRAP} (required), {@code CONSUMER_NAME}, {@code CONSUMER_MAX_ATTEMPTS}, {@code
 * CONSUMER_BATCH_SIZE}, {@code CONSUMER_SESSION_TIMEOUT}, {@code CONSUMER_FRESHNESS_OBJECTIVE}, and
 * the retention of the consumer's tables: {@code INBOX_RETENTION}, {@code RELAY_REDELIVERY_WINDOW},
 * {@code DEAD_LETTER_RETENTION}, {@code HOUSEKEEPING_INTERVAL}, {@code HOUSEKEEPING_BATCH_SIZE}
 * (see {@link TableRetention}). A service declares them with its own defaults, adds its own
 * settings to {@link #group} and reads them with {@link #read}.
 *
 * <pre>{@code
 * static final ServiceSettings COMMON =
 *     ServiceSettings.declare("customer-app", "CUSTOMER_APP_", 8081, "customer-app.credit-check");
 * static final Setting<String> ORDER_TOPIC =
 *     ServiceSettings.topic("CUSTOMER_APP_ORDER_TOPIC", "where OrderPlaced is read from", "order.events");
 * static final SettingGroup SETTINGS = COMMON.group().add(ORDER_TOPIC).build();
 * }</pre>
 *
 * @param service the service's name, as its messages and README table name it
 * @param prefix the prefix of every variable, such as {@code CUSTOMER_APP_}
 */
public record ServiceSettings(
    String service,
    String prefix,
    Setting<Integer> httpPort,
    Setting<Integer> httpThreads,
    Database.Declared db,
    Setting<Integer> dbPoolSize,
    Setting<Boolean> outboxValidate,
    Setting<String> kafkaBootstrap,
    Setting<String> consumerName,
    Setting<Integer> consumerMaxAttempts,
    Setting<Integer> consumerBatchSize,
    Setting<Duration> consumerSessionTimeout,
    Setting<Duration> consumerFreshnessObjective,
    Setting<Duration> inboxRetention,
    Setting<Duration> relayRedeliveryWindow,
    Setting<Duration> deadLetterRetention,
    Setting<Duration> housekeepingInterval,
    Setting<Integer> housekeepingBatchSize) {

  // What Kafka accepts as a group id here and as a topic name (the consumer name is also the
  // inbox's consumer column).
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  public ServiceSettings {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(prefix, "prefix");
  }

  /**
   * The common settings of {@code service} under {@code prefix}.
   *
   * @param defaultPort its HTTP port in the local run
   * @param defaultConsumerName the Kafka group id of its consumer
   */
  public static ServiceSettings declare(
      String service, String prefix, int defaultPort, String defaultConsumerName) {
    return new ServiceSettings(
        service,
        prefix,
        Setting.port(
                prefix + "HTTP_PORT", "HTTP port of its API, /health and /metrics (0: any free)")
            .defaultsTo(Integer.toString(defaultPort)),
        Setting.integer(prefix + "HTTP_THREADS", 1, 256, "HTTP request threads").defaultsTo("8"),
        Database.Declared.of(
            prefix, service + "'s database", "the role " + service + " logs in as"),
        Setting.integer(
                prefix + "DB_POOL_SIZE",
                2,
                1000,
                "connections in its pool, shared by HTTP requests and the consumer")
            .defaultsTo("8"),
        Setting.flag(
                prefix + "OUTBOX_VALIDATE",
                "validate each event it appends against its schema (contracts/schemas) and refuse"
                    + " an invalid one in the writing transaction; false appends unchecked (events"
                    + " it reads are validated either way)")
            .defaultsTo("true"),
        Setting.hostPorts(
            prefix + "KAFKA_BOOTSTRAP", "Kafka bootstrap servers, host:port[,host:port...]"),
        name(prefix + "CONSUMER_NAME", "Kafka group id and inbox consumer name of its consumer")
            .defaultsTo(defaultConsumerName),
        Setting.integer(
                prefix + "CONSUMER_MAX_ATTEMPTS",
                1,
                1000,
                "attempts of an event that keeps failing before it is parked")
            .defaultsTo("5"),
        Setting.integer(
                prefix + "CONSUMER_BATCH_SIZE",
                1,
                10_000,
                "most events its consumer applies in one database transaction (1: one transaction"
                    + " per event)")
            .defaultsTo(Integer.toString(EventConsumerConfig.DEFAULT_BATCH_SIZE)),
        Setting.duration(
                prefix + "CONSUMER_SESSION_TIMEOUT",
                "how long Kafka waits for an instance it no longer hears from before its partitions"
                    + " move to the other instances: the failover time after a kill (heartbeats"
                    + " come from a thread of their own, so long batches and GC pauses do not"
                    + " count; the broker accepts 6s to 30m by default)")
            .check(
                d ->
                    d.compareTo(Duration.ofSeconds(1)) >= 0
                        && d.compareTo(Duration.ofMinutes(30)) <= 0,
                "must be between 1s and 30m")
            .defaultsTo(EventConsumerConfig.DEFAULT_SESSION_TIMEOUT_SECONDS + "s"),
        Setting.duration(
                prefix + "CONSUMER_FRESHNESS_OBJECTIVE",
                "the most an event should take from its source commit until this service's view"
                    + " shows it: the metric outbox_consumer_freshness_within_objective_total counts"
                    + " the events within it, and the alert OutboxConsumerFreshnessOverObjective"
                    + " fires when fewer than 99% of 10 minutes' events are (deploy/prometheus)")
            .check(d -> d.compareTo(Duration.ofMillis(1)) >= 0, "must be 1ms or more")
            // EventConsumerConfig.DEFAULT_FRESHNESS_OBJECTIVE (ServiceSettingsTest holds them
            // equal).
            .defaultsTo("1s"),
        Setting.positiveDuration(
                prefix + "INBOX_RETENTION",
                "inbox rows received longer ago are deleted; must be longer than each consumed"
                    + " topic's retention.ms + segment.ms + "
                    + prefix
                    + "RELAY_REDELIVERY_WINDOW, else the app refuses to start"
                    + " (docs/consumer-tables.md)")
            .defaultsTo("30d"),
        Setting.duration(
                prefix + "RELAY_REDELIVERY_WINDOW",
                "how much later than its first publication the source's relay may publish an event"
                    + " again: its RELAY_RETENTION_AGE, the age of the oldest row it can re-send")
            .defaultsTo("7d"),
        Setting.positiveDuration(
                prefix + "DEAD_LETTER_RETENTION",
                "replayed or discarded dead letters are deleted this long after their resolution;"
                    + " open ones are kept")
            .defaultsTo("30d"),
        Setting.positiveDuration(
                prefix + "HOUSEKEEPING_INTERVAL",
                "how often old inbox rows and resolved dead letters are deleted and the table"
                    + " gauges refreshed")
            .defaultsTo("10m"),
        Setting.integer(
                prefix + "HOUSEKEEPING_BATCH_SIZE", 1, 100_000, "rows deleted per transaction")
            .defaultsTo("1000"));
  }

  /** A Kafka topic the service reads, with its default. */
  public static Setting<String> topic(String name, String meaning, String defaultTopic) {
    return name(name, meaning).defaultsTo(defaultTopic);
  }

  private static Setting<String> name(String name, String meaning) {
    return Setting.text(name, meaning)
        .check(
            v -> NAME.matcher(v).matches(),
            "must be 1 to 249 letters, digits, '.', '_' or '-' (a Kafka name)");
  }

  /** The common settings, in the order the README lists them. */
  public List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>(List.of(httpPort, httpThreads));
    all.addAll(db.all());
    all.addAll(
        List.of(
            dbPoolSize,
            outboxValidate,
            kafkaBootstrap,
            consumerName,
            consumerMaxAttempts,
            consumerBatchSize,
            consumerSessionTimeout,
            consumerFreshnessObjective,
            inboxRetention,
            relayRedeliveryWindow,
            deadLetterRetention,
            housekeepingInterval,
            housekeepingBatchSize));
    return all;
  }

  /** A group of the service's prefix holding the common settings; add the service's own. */
  public SettingGroup.Builder group() {
    return SettingGroup.builder(service, prefix).add(all());
  }

  /** The common values from what the service's group read. */
  public ServiceConfig read(Settings settings) {
    return new ServiceConfig(
        service,
        settings.get(httpPort),
        settings.get(httpThreads),
        db.from(settings),
        settings.get(dbPoolSize),
        settings.get(outboxValidate),
        settings.get(kafkaBootstrap),
        settings.get(consumerName),
        settings.get(consumerMaxAttempts),
        settings.get(consumerBatchSize),
        settings.get(consumerSessionTimeout),
        settings.get(consumerFreshnessObjective),
        new TableRetention(
            settings.get(inboxRetention),
            settings.get(relayRedeliveryWindow),
            settings.get(deadLetterRetention),
            settings.get(housekeepingInterval),
            settings.get(housekeepingBatchSize),
            inboxRetention.name(),
            relayRedeliveryWindow.name()),
        settings.describe());
  }
}
