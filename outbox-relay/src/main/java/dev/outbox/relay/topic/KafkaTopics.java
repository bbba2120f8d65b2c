package dev.outbox.relay.topic;

import dev.outbox.config.Backoff;
import dev.outbox.relay.config.TopicConfig;
import dev.outbox.relay.metrics.RelayMetrics;
import dev.outbox.relay.stream.StopSignal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TopicGate} on a real cluster, through the admin client: describes a topic before the
 * relay's first send to it, creates it when it is missing and {@code RELAY_TOPIC_CREATE=create},
 * and waits until every partition has a leader.
 *
 * <p>Why before the first send, and not leave it to the broker's auto-creation: Kafka brokers
 * before 4.5 (KAFKA-15591) accept any first sequence number from a producer they hold no state for.
 * An idempotent producer with several requests in flight to a just-created partition can have its
 * first request refused (the broker has not applied the partition yet) while a later one is
 * appended; every retry of the first then fails with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until
 * {@code delivery.timeout.ms}: the relay stalls, and re-sending puts an aggregate's events out of
 * order. A topic that exists with a leader everywhere narrows that window; the publisher closes it
 * (see {@code ProducerSession}).
 *
 * <p>Run as a task, it checks the cached topics again: a topic deleted (or deleted and created
 * again) while the relay runs is forgotten, so that the next send to it is checked, and the topic
 * created again with the relay's settings when it may, before the producer sends to it.
 */
public final class KafkaTopics implements TopicGate, Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
  private static final Duration CALL_POLL = Duration.ofMillis(50);
  private static final Duration RECHECK_TIMEOUT = Duration.ofSeconds(5);
  private static final Backoff LEADER_WAIT =
      Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(500));

  private final Admin admin;
  private final TopicConfig config;
  private final Duration readyTimeout;
  private final StopSignal stop;
  private final RelayMetrics metrics;
  private final ConcurrentMap<String, TopicInfo> ready = new ConcurrentHashMap<>();

  /**
   * @param admin an admin client of the relay's cluster, closed by its owner
   * @param readyTimeout how long one {@link #ready} call waits for leaders before it reports the
   *     topic not ready (the publisher tries again after a backoff)
   */
  public KafkaTopics(
      Admin admin,
      TopicConfig config,
      Duration readyTimeout,
      StopSignal stop,
      RelayMetrics metrics) {
    this.admin = admin;
    this.config = config;
    this.readyTimeout = readyTimeout;
    this.stop = stop;
    this.metrics = metrics;
    metrics.topicsReady(ready::size);
  }

  @Override
  public TopicInfo ready(String topic) throws InterruptedException {
    TopicInfo known = ready.get(topic);
    if (known != null) {
      return known;
    }
    TopicInfo checked = awaitReady(topic);
    ready.put(topic, checked);
    LOG.info(
        "OutboxRelay - topic {} is ready: {} partitions, each with a leader",
        topic,
        checked.partitions());
    return checked;
  }

  @Override
  public void forget(String topic) {
    ready.remove(topic);
  }

  /** Checks the cached topics again; a topic gone or replaced is forgotten. */
  @Override
  public void run() {
    if (ready.isEmpty()) {
      return;
    }
    Map<String, TopicInfo> cached = Map.copyOf(ready);
    Map<String, KafkaFuture<TopicDescription>> answers;
    try {
      answers = admin.describeTopics(cached.keySet()).topicNameValues();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: the next run asks again instead.
      LOG.debug("OutboxRelay - checking the topics again failed", e);
      return;
    }
    cached.forEach(
        (topic, info) -> {
          try {
            TopicDescription now =
                answers.get(topic).get(RECHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!now.topicId().equals(info.id()) || now.partitions().size() != info.partitions()) {
              forgetChanged(
                  topic, info, "was deleted and created again, or its partitions changed");
            }
          } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
              forgetChanged(topic, info, "was deleted");
            }
          } catch (TimeoutException e) {
            LOG.debug("OutboxRelay - checking topic {} again got no answer", topic);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private void forgetChanged(String topic, TopicInfo info, String what) {
    if (ready.remove(topic, info)) {
      LOG.warn(
          "OutboxRelay - topic {} {} while the relay runs: it is checked again before the next"
              + " send (and created again when RELAY_TOPIC_CREATE=create)",
          topic,
          what);
    }
  }

  private TopicInfo awaitReady(String topic) throws InterruptedException {
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    boolean created = false;
    for (int attempt = 1; ; attempt++) {
      Optional<TopicDescription> description = describe(topic);
      String notReady;
      if (description.isPresent()) {
        List<Integer> leaderless = leaderless(description.get());
        if (leaderless.isEmpty()) {
          return new TopicInfo(
              topic, description.get().topicId(), description.get().partitions().size());
        }
        notReady = "partitions " + leaderless + " of topic " + topic + " have no leader yet";
      } else if (!config.create()) {
        throw new TopicAccessException(
            "Topic "
                + topic
                + " does not exist and RELAY_TOPIC_CREATE=never. Create it ("
                + example(topic)
                + "), or set RELAY_TOPIC_CREATE=create, then start the relay again; its events"
                + " wait in the outbox.");
      } else if (!created) {
        create(topic);
        created = true;
        notReady = "topic " + topic + " was created but is not visible yet";
      } else {
        notReady = "topic " + topic + " was created but is not visible yet";
      }
      if (System.nanoTime() - deadline > 0) {
        throw new TopicNotReadyException(notReady, null);
      }
      if (stop.await(LEADER_WAIT.delay(attempt))) {
        throw stopping();
      }
    }
  }

  private static List<Integer> leaderless(TopicDescription description) {
    return description.partitions().stream()
        .filter(p -> p.leader() == null || p.leader().isEmpty())
        .map(TopicPartitionInfo::partition)
        .toList();
  }

  private Optional<TopicDescription> describe(String topic) throws InterruptedException {
    try {
      return Optional.of(get(admin.describeTopics(List.of(topic)).topicNameValues().get(topic)));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      if (cause instanceof TopicAuthorizationException
          || cause instanceof ClusterAuthorizationException) {
        throw new TopicAccessException(
            "The relay's Kafka principal may not describe topic "
                + topic
                + " ("
                + cause.getMessage()
                + "). Grant it DESCRIBE and WRITE on the topic, then start the relay again.");
      }
      if (cause instanceof InvalidTopicException) {
        throw invalidName(topic, cause);
      }
      throw new TopicNotReadyException("topic " + topic + " could not be checked: " + cause, cause);
    }
  }

  private void create(String topic) throws InterruptedException {
    NewTopic newTopic =
        new NewTopic(topic, config.partitions(), config.replicationFactor())
            .configs(
                config
                    .minInsyncReplicas()
                    .map(m -> Map.of("min.insync.replicas", Integer.toString(m)))
                    .orElse(Map.of()));
    try {
      get(admin.createTopics(List.of(newTopic)).all());
      metrics.topicCreated();
      LOG.info("OutboxRelay - created topic {}: {}", topic, shape());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TopicExistsException) {
        LOG.debug("OutboxRelay - topic {} was created meanwhile by someone else", topic);
      } else if (cause instanceof TopicAuthorizationException
          || cause instanceof ClusterAuthorizationException) {
        throw new TopicAccessException(
            "Topic "
                + topic
                + " does not exist and the relay's Kafka principal may not create it ("
                + cause.getMessage()
                + "). Create it ("
                + example(topic)
                + ") or grant the principal CREATE on it, then start the relay again; its events"
                + " wait in the outbox.");
      } else if (cause instanceof InvalidTopicException) {
        throw invalidName(topic, cause);
      } else if (cause instanceof PolicyViolationException
          || cause instanceof InvalidReplicationFactorException
          || cause instanceof InvalidPartitionsException
          || cause instanceof InvalidConfigurationException) {
        throw new TopicAccessException(
            "Topic "
                + topic
                + " does not exist and the cluster refused to create it with "
                + shape()
                + " ("
                + cause.getMessage()
                + "). Fix RELAY_TOPIC_PARTITIONS, RELAY_TOPIC_REPLICATION_FACTOR or"
                + " RELAY_TOPIC_MIN_INSYNC_REPLICAS, or create the topic, then start the relay"
                + " again.");
      } else {
        throw new TopicNotReadyException(
            "topic " + topic + " could not be created: " + cause, cause);
      }
    }
  }

  private static TopicAccessException invalidName(String topic, Throwable cause) {
    return new TopicAccessException(
        "'"
            + topic
            + "' is not a valid Kafka topic name ("
            + cause.getMessage()
            + "): fix RELAY_TOPIC_PATTERN, or the aggregate_type of the outbox rows that give"
            + " it.");
  }

  private String shape() {
    return "partitions "
        + config.partitions().map(String::valueOf).orElse("(broker default)")
        + ", replication factor "
        + config.replicationFactor().map(String::valueOf).orElse("(broker default)")
        + ", min.insync.replicas "
        + config.minInsyncReplicas().map(String::valueOf).orElse("(broker default)");
  }

  private String example(String topic) {
    return "e.g. kafka-topics.sh --create --topic "
        + topic
        + " --partitions "
        + config.partitions().map(String::valueOf).orElse("6")
        + " --replication-factor "
        + config.replicationFactor().map(String::valueOf).orElse("3")
        + " --config min.insync.replicas="
        + config.minInsyncReplicas().map(String::valueOf).orElse("2");
  }

  /** Waits for an admin call, giving up only when the relay stops. */
  private <T> T get(KafkaFuture<T> future) throws ExecutionException, InterruptedException {
    while (true) {
      try {
        return future.get(CALL_POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (stop.isRaised()) {
          throw stopping();
        }
      }
    }
  }

  private static InterruptedException stopping() {
    return new InterruptedException("relay stopping while checking a topic");
  }
}
