package dev.outbox.client.consume;

import dev.outbox.config.Backoff;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The settings of one {@link EventConsumer}.
 *
 * @param name the consumer's name: its Kafka {@code group.id} and the {@code consumer} column of
 *     inbox, counters and dead letters
 * @param bootstrapServers Kafka {@code host:port[,host:port...]}
 * @param maxAttempts attempts of a permanently failing record before it is parked, 1 or more
 * @param initialBackoff the first retry delay, doubled at each further attempt (spread by up to
 *     20%)
 * @param maxBackoff the longest retry delay
 * @param pollTimeout how long one Kafka poll waits for records
 * @param batchSize the most records applied in one database transaction, 1 or more (1: one
 *     transaction per record)
 * @param sessionTimeout how long the group waits for a member it does not hear from before it gives
 *     that member's partitions to the others ({@code session.timeout.ms}): the failover time after
 *     an instance is killed. {@value #DEFAULT_SESSION_TIMEOUT_SECONDS} s by default, where Kafka's
 *     own 45 s would leave a killed instance's partitions unread for most of a minute. Short is
 *     safe because heartbeats come from the Kafka client's background thread: a long batch or a GC
 *     pause shorter than this does not count. The broker accepts values between its {@code
 *     group.min.session.timeout.ms} and {@code group.max.session.timeout.ms} (6 s and 30 min by
 *     default); the heartbeat interval is a third of it, at most Kafka's 3 s.
 * @param maxPollInterval the longest a member may take between two polls before it is taken out of
 *     the group and its partitions move ({@code max.poll.interval.ms}), also how long a rebalance
 *     waits for a busy member. One poll hands out at most {@code max.poll.records} (500) records,
 *     applied in a few transactions well under a second on a healthy database, so Kafka's own 5
 *     minutes only ever fires for a handler that hangs; the records of a member taken out are
 *     handled again by the next owner, and its inbox keeps them to one effect.
 * @param freshnessObjective the most an event should take from its source commit until the view
 *     shows it; the freshness meters count the share of events within it ({@value
 *     #DEFAULT_FRESHNESS_OBJECTIVE_MILLIS} ms by default)
 * @param kafkaProperties further Kafka consumer properties (e.g. {@code client.id}, SASL, SSL);
 *     they cannot turn on auto commit, nor set what the settings above and the rebalance protocol
 *     decide ({@link #RESERVED_KAFKA_PROPERTIES})
 */
public record EventConsumerConfig(
    String name,
    String bootstrapServers,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration pollTimeout,
    int batchSize,
    Duration sessionTimeout,
    Duration maxPollInterval,
    Duration freshnessObjective,
    Map<String, String> kafkaProperties) {

  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]+$");

  /**
   * The Kafka properties that {@code kafkaProperties} cannot set: the session timeout and poll
   * interval are settings of their own, and the group protocol and assignor are the loop's (classic
   * protocol, cooperative sticky assignor; see {@link EventConsumer}).
   */
  public static final Set<String> RESERVED_KAFKA_PROPERTIES =
      Set.of(
          "session.timeout.ms",
          "heartbeat.interval.ms",
          "max.poll.interval.ms",
          "partition.assignment.strategy",
          "group.protocol");

  public EventConsumerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(pollTimeout, "pollTimeout");
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    Objects.requireNonNull(maxPollInterval, "maxPollInterval");
    Objects.requireNonNull(freshnessObjective, "freshnessObjective");
    Objects.requireNonNull(kafkaProperties, "kafkaProperties");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must be letters, digits, '.', '_' or '-', was '" + name + "'");
    }
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers cannot be blank");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts cannot be less than 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff ("
              + maxBackoff
              + ") cannot be less than initialBackoff ("
              + initialBackoff
              + ")");
    }
    if (pollTimeout.isNegative() || pollTimeout.isZero()) {
      throw new IllegalArgumentException("pollTimeout must be positive, was " + pollTimeout);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize cannot be less than 1, was " + batchSize);
    }
    if (sessionTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || sessionTimeout.compareTo(MAX_KAFKA_MILLIS) > 0) {
      throw new IllegalArgumentException(
          "sessionTimeout must be 1 s or more (and fit Kafka's int of milliseconds), was "
              + sessionTimeout);
    }
    if (maxPollInterval.compareTo(Duration.ofMillis(1)) < 0
        || maxPollInterval.compareTo(MAX_KAFKA_MILLIS) > 0) {
      throw new IllegalArgumentException(
          "maxPollInterval must be 1 ms or more (and fit Kafka's int of milliseconds), was "
              + maxPollInterval);
    }
    if (freshnessObjective.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "freshnessObjective must be 1 ms or more, was " + freshnessObjective);
    }
    if ("true".equalsIgnoreCase(kafkaProperties.get("enable.auto.commit"))) {
      throw new IllegalArgumentException(
          "enable.auto.commit cannot be true: offsets are committed after the database commit");
    }
    for (String reserved : new TreeSet<>(RESERVED_KAFKA_PROPERTIES)) {
      if (kafkaProperties.containsKey(reserved)) {
        throw new IllegalArgumentException(
            reserved + " cannot be set as a Kafka property: " + whyReserved(reserved));
      }
    }
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /**
   * The batch size of {@link #defaults}: see the README's consumer settings for the measurement.
   */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /** The session timeout of {@link #defaults}, in seconds: see {@link #sessionTimeout()}. */
  public static final int DEFAULT_SESSION_TIMEOUT_SECONDS = 10;

  /** The poll interval of {@link #defaults}, Kafka's own: see {@link #maxPollInterval()}. */
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

  /** The freshness objective of {@link #defaults}, in milliseconds. */
  public static final int DEFAULT_FRESHNESS_OBJECTIVE_MILLIS = 1000;

  /** The freshness objective of {@link #defaults}: see {@link #freshnessObjective()}. */
  public static final Duration DEFAULT_FRESHNESS_OBJECTIVE =
      Duration.ofMillis(DEFAULT_FRESHNESS_OBJECTIVE_MILLIS);

  // Kafka takes these durations as an int of milliseconds.
  private static final Duration MAX_KAFKA_MILLIS = Duration.ofMillis(Integer.MAX_VALUE);

  /**
   * 5 attempts, backoff 100 ms doubling up to 5 s, polls of 200 ms, batches of up to {@value
   * #DEFAULT_BATCH_SIZE} records, a session timeout of {@value #DEFAULT_SESSION_TIMEOUT_SECONDS} s,
   * a poll interval of 5 minutes and a freshness objective of 1 s.
   */
  public static EventConsumerConfig defaults(String name, String bootstrapServers) {
    return new EventConsumerConfig(
        name,
        bootstrapServers,
        5,
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        Duration.ofMillis(200),
        DEFAULT_BATCH_SIZE,
        Duration.ofSeconds(DEFAULT_SESSION_TIMEOUT_SECONDS),
        DEFAULT_MAX_POLL_INTERVAL,
        DEFAULT_FRESHNESS_OBJECTIVE,
        Map.of());
  }

  /** The same settings with another number of attempts before parking. */
  public EventConsumerConfig withMaxAttempts(int attempts) {
    return new EventConsumerConfig(
        name,
        bootstrapServers,
        attempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        batchSize,
        sessionTimeout,
        maxPollInterval,
        freshnessObjective,
        kafkaProperties);
  }

  /** The same settings with another retry backoff. */
  public EventConsumerConfig withBackoff(Duration initial, Duration max) {
    return new EventConsumerConfig(
        name,
        bootstrapServers,
        maxAttempts,
        initial,
        max,
        pollTimeout,
        batchSize,
        sessionTimeout,
        maxPollInterval,
        freshnessObjective,
        kafkaProperties);
  }

  /** The same settings with another poll timeout. */
  public EventConsumerConfig withPollTimeout(Duration timeout) {
    return new EventConsumerConfig(
        name,
        bootstrapServers,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        timeout,
        batchSize,
        sessionTimeout,
        maxPollInterval,
        freshnessObjective,
        kafkaProperties);
  }

  /** The same settings with one more Kafka consumer property. */
  public EventConsumerConfig withKafkaProperty(String key, String value) {
    var properties = new LinkedHashMap<>(kafkaProperties);
    properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new EventConsumerConfig(
        name,
        bootstrapServers,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        batchSize,
        sessionTimeout,
        maxPollInterval,
        freshnessObjective,
        properties);
  }

  /** The same settings with another batch size (1: one database transaction per record). */
  public EventConsumerConfig withBatchSize(int size) {
    return new EventConsumerConfig(
        name,
        bootstrapServers,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        size,
        sessionTimeout,
        maxPollInterval,
        freshnessObjective,
        kafkaProperties);
  }

  /** The same settings with another session timeout (the failover time after a kill). */
  public EventConsumerConfig withSessionTimeout(Duration timeout) {
    return new EventConsumerConfig(
        name,
        bootstrapServers,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        batchSize,
        timeout,
        maxPollInterval,
        freshnessObjective,
        kafkaProperties);
  }

  /** The same settings with another longest time between two polls. */
  public EventConsumerConfig withMaxPollInterval(Duration interval) {
    return new EventConsumerConfig(
        name,
        bootstrapServers,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        batchSize,
        sessionTimeout,
        interval,
        freshnessObjective,
        kafkaProperties);
  }

  /** The same settings with another freshness objective. */
  public EventConsumerConfig withFreshnessObjective(Duration objective) {
    return new EventConsumerConfig(
        name,
        bootstrapServers,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        batchSize,
        sessionTimeout,
        maxPollInterval,
        objective,
        kafkaProperties);
  }

  private static String whyReserved(String property) {
    return switch (property) {
      case "session.timeout.ms", "heartbeat.interval.ms" ->
          "set sessionTimeout (withSessionTimeout); the heartbeat interval follows from it";
      case "max.poll.interval.ms" -> "set maxPollInterval (withMaxPollInterval)";
      default ->
          "every EventConsumer uses the classic group protocol with the cooperative sticky"
              + " assignor";
    };
  }

  /**
   * The heartbeat interval that goes with the session timeout: a third of it (so that two lost
   * heartbeats in a row do not end the session), at most Kafka's default of 3 s.
   */
  Duration heartbeatInterval() {
    Duration third = sessionTimeout.dividedBy(3);
    return third.compareTo(Duration.ofSeconds(3)) < 0 ? third : Duration.ofSeconds(3);
  }

  /**
   * The retry delays: {@code initialBackoff} after the first failure, doubling up to {@code
   * maxBackoff}, each spread by up to 20% so that consumers that failed together do not retry
   * together.
   */
  Backoff backoff() {
    return Backoff.exponential(initialBackoff, maxBackoff);
  }
}
