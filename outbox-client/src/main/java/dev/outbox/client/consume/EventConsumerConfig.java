package dev.outbox.client.consume;

import dev.outbox.config.Backoff;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
 * @param kafkaProperties further Kafka consumer properties; they cannot turn on auto commit
 */
public record EventConsumerConfig(
    String name,
    String bootstrapServers,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration pollTimeout,
    int batchSize,
    Map<String, String> kafkaProperties) {

  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]+$");

  public EventConsumerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(pollTimeout, "pollTimeout");
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
    if ("true".equalsIgnoreCase(kafkaProperties.get("enable.auto.commit"))) {
      throw new IllegalArgumentException(
          "enable.auto.commit cannot be true: offsets are committed after the database commit");
    }
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /**
   * The batch size of {@link #defaults}: see the README's consumer settings for the measurement.
   */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /**
   * 5 attempts, backoff 100 ms doubling up to 5 s, polls of 200 ms, batches of up to {@value
   * #DEFAULT_BATCH_SIZE} records.
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
        kafkaProperties);
  }

  /** The same settings with another retry backoff. */
  public EventConsumerConfig withBackoff(Duration initial, Duration max) {
    return new EventConsumerConfig(
        name, bootstrapServers, maxAttempts, initial, max, pollTimeout, batchSize, kafkaProperties);
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
        kafkaProperties);
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
