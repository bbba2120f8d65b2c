package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop alone: Kafka's {@link MockConsumer} (with a log, {@link LogConsumer}) stands in for
 * the broker and a fake applier for the database, so the loop's own decisions show: order per
 * partition, rewind and pause of only the failing partition, offsets committed only past records
 * whose transaction committed, commit on revocation and on stop. The real broker and database are
 * the ITs' ({@code EventConsumerIT}, {@code DeadLetterIT}).
 */
class ConsumerLoopTest {

  private static final String TOPIC = "thing.events";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final Duration WAIT = Duration.ofMinutes(2);

  private final LogConsumer kafka = new LogConsumer();
  private final FakeApplier applier = new FakeApplier();
  private ConsumerLoop loop;
  private Thread thread;

  @AfterEach
  void stopLoop() throws InterruptedException {
    if (loop != null) {
      loop.stop();
      thread.join(WAIT.toMillis());
    }
  }

  private void start(EventConsumerConfig config, TopicPartition... assigned) {
    var beginning = new HashMap<TopicPartition, Long>();
    for (TopicPartition partition : assigned) {
      beginning.put(partition, 0L);
    }
    kafka.updateBeginningOffsets(beginning);
    kafka.schedulePollTask(() -> kafka.rebalance(List.of(assigned)));
    loop =
        new ConsumerLoop(
            config,
            () -> kafka,
            List.of(TOPIC),
            applier,
            new ConsumerMetrics(new SimpleMeterRegistry(), config.name()),
            Clock.systemUTC());
    thread = new Thread(loop, "loop-under-test");
    thread.start();
  }

  private static EventConsumerConfig config(int maxAttempts, Duration backoff) {
    return EventConsumerConfig.defaults("loop-test", "unused:9092")
        .withMaxAttempts(maxAttempts)
        .withBackoff(backoff, backoff.multipliedBy(2))
        .withPollTimeout(Duration.ofMillis(20));
  }

  private static EventConsumerConfig config() {
    return config(3, Duration.ofMillis(10));
  }

  /** Appends {@code count} records to a partition, all of them before the loop's next poll. */
  private void append(TopicPartition partition, int count) {
    synchronized (kafka) { // poll holds the same monitor: it sees all of them or none
      for (int i = 0; i < count; i++) {
        long offset = kafka.nextOffset(partition.topic(), partition.partition());
        kafka.append(
            new ConsumerRecord<>(
                partition.topic(), partition.partition(), offset, "key", new byte[] {'{', '}'}));
      }
    }
  }

  private static String at(TopicPartition partition, long offset) {
    return "p" + partition.partition() + "@" + offset;
  }

  @Test
  void records_of_a_partition_are_applied_in_order_and_committed_only_after_their_transaction() {
    append(P0, 4);
    append(P1, 3);
    start(config(), P0, P1);

    await().atMost(WAIT).until(() -> applier.applied.size() == 7);
    assertThat(applier.applied.stream().filter(a -> a.startsWith("p0")))
        .containsExactly("p0@0", "p0@1", "p0@2", "p0@3");
    assertThat(applier.applied.stream().filter(a -> a.startsWith("p1")))
        .containsExactly("p1@0", "p1@1", "p1@2");
    await()
        .atMost(WAIT)
        .until(() -> kafka.committedOffset(P0) == 4 && kafka.committedOffset(P1) == 3);
    // While a record's transaction ran, its own offset was never committed yet.
    applier.committedWhileApplying.forEach(
        (record, committed) ->
            assertThat(committed).as(record).isLessThanOrEqualTo(offsetOf(record)));
    assertThat(applier.committedWhileApplying).hasSize(7);
  }

  @Test
  void a_failing_record_rewinds_and_pauses_only_its_partition_while_the_others_flow() {
    applier.failTransiently.add("p0@1");
    append(P0, 3);
    start(config(1000, Duration.ofMillis(300)), P0, P1);

    await().atMost(WAIT).until(() -> applier.attempts("p0@1") >= 2);
    append(P1, 5);
    await()
        .atMost(WAIT)
        .until(() -> applier.applied.stream().filter(a -> a.startsWith("p1")).count() == 5);
    await().atMost(WAIT).until(() -> kafka.paused().equals(Set.of(P0)));
    assertThat(applier.applied).doesNotContain("p0@1", "p0@2");
    assertThat(kafka.committedOffset(P0)).isEqualTo(1);
    assertThat(kafka.committedOffset(P1)).isEqualTo(5);

    applier.failTransiently.remove("p0@1"); // the database is back

    await().atMost(WAIT).until(() -> kafka.committedOffset(P0) == 3);
    assertThat(applier.applied.stream().filter(a -> a.startsWith("p0")))
        .containsExactly("p0@0", "p0@1", "p0@2");
    assertThat(applier.attempts("p0@1")).isGreaterThan(2);
    assertThat(applier.attempts("p0@2")).isEqualTo(1);
    assertThat(applier.parked).isEmpty();
  }

  @Test
  void nothing_is_committed_past_a_record_that_was_not_applied() {
    applier.failPermanently.add("p0@1");
    append(P0, 3);
    start(config(1000, Duration.ofMillis(5)), P0);

    await().atMost(WAIT).until(() -> applier.attempts("p0@1") >= 5);

    assertThat(applier.applied).containsExactly("p0@0");
    assertThat(kafka.committedOffset(P0)).isEqualTo(1);
    assertThat(kafka.commits())
        .allSatisfy(commit -> assertThat(commit.get(P0).offset()).isLessThanOrEqualTo(1));
  }

  @Test
  void a_record_that_fails_permanently_max_attempts_times_is_parked_and_its_partition_goes_on() {
    applier.failPermanently.add("p0@1");
    applier.parkFailuresLeft = 1; // the first try at storing the dead letter fails too
    append(P0, 3);
    start(config(3, Duration.ofMillis(5)), P0);

    await().atMost(WAIT).until(() -> kafka.committedOffset(P0) == 3);

    assertThat(applier.attempts("p0@1")).isEqualTo(3);
    assertThat(applier.parked)
        .containsExactly("p0@1 after 3: java.lang.IllegalStateException: bad p0@1");
    assertThat(applier.applied).containsExactly("p0@0", "p0@2");
  }

  @Test
  void offsets_not_yet_committed_are_committed_when_their_partition_is_revoked() {
    append(P0, 2);
    append(P1, 2);
    // The batch's own commit fails; the rebalance comes with the very next poll.
    kafka.failNextCommit(new RetriableCommitFailedException("coordinator moving"));
    applier.onApplied =
        record -> {
          if (applier.applied.size() == 4) {
            kafka.schedulePollTask(() -> kafka.rebalance(List.of(P1)));
          }
        };
    start(config(), P0, P1);

    await().atMost(WAIT).until(() -> kafka.commits().size() >= 2);

    assertThat(kafka.commits().subList(0, 2))
        .containsExactly(
            Map.of(P0, new OffsetAndMetadata(2)), // on revocation, inside the poll
            Map.of(P1, new OffsetAndMetadata(2))); // after it, with the next batch
    assertThat(kafka.assignment()).containsExactly(P1);
    assertThat(loop.assignment().names()).containsExactly(TOPIC + "-1");

    // The cooperative rebalance revoked only P0: P1 goes on from its position, nothing again.
    append(P1, 2);
    await().atMost(WAIT).until(() -> kafka.committedOffset(P1) == 4);
    assertThat(applier.applied.stream().filter(a -> a.startsWith("p1")))
        .containsExactly("p1@0", "p1@1", "p1@2", "p1@3");
  }

  @Test
  void the_assignment_shows_the_partitions_held_and_when_they_last_changed() {
    assertThat(
            new ConsumerLoop(
                    config(),
                    () -> kafka,
                    List.of(TOPIC),
                    applier,
                    new ConsumerMetrics(new SimpleMeterRegistry(), "unstarted"),
                    Clock.systemUTC())
                .assignment())
        .isEqualTo(PartitionAssignment.none());
    start(config(), P0, P1);

    await().atMost(WAIT).until(() -> loop.assignment().held().size() == 2);
    PartitionAssignment both = loop.assignment();
    assertThat(both.names()).containsExactly(TOPIC + "-0", TOPIC + "-1");
    assertThat(both.changedAt()).isNotNull();

    kafka.schedulePollTask(() -> kafka.rebalance(List.of(P1)));
    await().atMost(WAIT).until(() -> loop.assignment().held().size() == 1);
    assertThat(loop.assignment().names()).containsExactly(TOPIC + "-1");
    assertThat(loop.assignment().changedAt()).isAfterOrEqualTo(both.changedAt());

    kafka.schedulePollTask(() -> kafka.rebalance(List.of()));
    await().atMost(WAIT).until(() -> loop.assignment().held().isEmpty());
  }

  @Test
  void a_commit_refused_while_the_group_rebalances_is_kept_and_committed_when_the_partition_goes() {
    append(P0, 2);
    append(P1, 2);
    // A cooperative member goes on consuming during a rebalance, and its commits meanwhile are
    // refused; the offsets are still its own.
    kafka.failNextCommit(new RebalanceInProgressException("the group is rebalancing"));
    applier.onApplied =
        record -> {
          if (applier.applied.size() == 4) {
            kafka.schedulePollTask(() -> kafka.rebalance(List.of(P1)));
          }
        };
    start(config(), P0, P1);

    await().atMost(WAIT).until(() -> kafka.commits().size() >= 2);

    assertThat(kafka.commits().subList(0, 2))
        .containsExactly(
            Map.of(P0, new OffsetAndMetadata(2)), // on revocation
            Map.of(P1, new OffsetAndMetadata(2))); // with the next batch, the rebalance done
  }

  @Test
  void lost_partitions_are_forgotten_without_a_commit_and_read_again_from_the_last_commit() {
    append(P0, 2);
    append(P1, 1);
    // The batch's commit fails, so P0's offset is pending when P0 is lost.
    kafka.failNextCommit(new RetriableCommitFailedException("coordinator moving"));
    applier.onApplied =
        record -> {
          if (applier.applied.size() == 3) {
            kafka.loseAllInNextPoll(List.of(P1));
          }
        };
    start(config(), P0, P1);

    // Back in the group with P1 only: P1 from its last committed offset (none), so its record
    // comes again, for the inbox to turn into a no-op.
    await().atMost(WAIT).until(() -> kafka.committedOffset(P1) == 1);
    assertThat(applier.applied.stream().filter(a -> a.startsWith("p1")))
        .containsExactly("p1@0", "p1@0");
    assertThat(kafka.commits()).noneSatisfy(commit -> assertThat(commit).containsKey(P0));
    assertThat(loop.assignment().names()).containsExactly(TOPIC + "-1");

    kafka.schedulePollTask(() -> kafka.rebalance(List.of(P0, P1)));
    await().atMost(WAIT).until(() -> kafka.committedOffset(P0) == 2);
    assertThat(applier.applied.stream().filter(a -> a.startsWith("p0")))
        .containsExactly("p0@0", "p0@1", "p0@0", "p0@1");
  }

  @Test
  void a_stop_that_lands_in_the_middle_of_a_revocation_does_not_cost_its_commit() throws Exception {
    append(P0, 2);
    append(P1, 2);
    kafka.failNextCommit(new RetriableCommitFailedException("coordinator moving"));
    applier.onApplied =
        record -> {
          if (applier.applied.size() == 4) {
            // stop() from another thread, just as the next poll starts a rebalance.
            kafka.schedulePollTask(
                () -> {
                  loop.stop();
                  kafka.rebalance(List.of(P1));
                });
          }
        };
    start(config(), P0, P1);

    thread.join(WAIT.toMillis());

    assertThat(thread.isAlive()).isFalse();
    assertThat(kafka.commits())
        .containsExactly(
            Map.of(P0, new OffsetAndMetadata(2)), // on revocation, after the wakeup
            Map.of(P1, new OffsetAndMetadata(2))); // on stop
    assertThat(loop.failure()).isNull();
  }

  @Test
  void stop_finishes_the_record_in_flight_commits_it_and_closes_the_consumer() throws Exception {
    append(P0, 4);
    applier.onApplied =
        record -> {
          if (record.equals("p0@1")) {
            loop.stop();
          }
        };
    start(config().withBatchSize(1), P0);

    thread.join(WAIT.toMillis());

    assertThat(thread.isAlive()).isFalse();
    assertThat(applier.applied).containsExactly("p0@0", "p0@1");
    assertThat(kafka.closed()).isTrue();
    assertThat(kafka.commits()).last().isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
    assertThat(loop.failure()).isNull();
    assertThat(loop.stoppedAt()).isNotNull();
  }

  @Test
  void stop_finishes_the_batch_in_flight_commits_it_and_starts_no_other() throws Exception {
    append(P0, 6);
    applier.onApplied =
        record -> {
          if (record.equals("p0@1")) {
            loop.stop();
          }
        };
    start(config().withBatchSize(4), P0);

    thread.join(WAIT.toMillis());

    assertThat(thread.isAlive()).isFalse();
    assertThat(applier.applied).containsExactly("p0@0", "p0@1", "p0@2", "p0@3");
    assertThat(applier.batches).containsExactly(4);
    assertThat(kafka.commits()).last().isEqualTo(Map.of(P0, new OffsetAndMetadata(4)));
  }

  @Test
  void a_poll_is_applied_in_batches_of_at_most_the_batch_size_across_partitions() {
    append(P0, 5);
    append(P1, 4);
    start(config().withBatchSize(4), P0, P1);

    await()
        .atMost(WAIT)
        .until(() -> kafka.committedOffset(P0) == 5 && kafka.committedOffset(P1) == 4);

    assertThat(applier.batches).containsExactly(4, 4, 1);
    assertThat(applier.applied.stream().filter(a -> a.startsWith("p0")))
        .containsExactly("p0@0", "p0@1", "p0@2", "p0@3", "p0@4");
    assertThat(applier.applied.stream().filter(a -> a.startsWith("p1")))
        .containsExactly("p1@0", "p1@1", "p1@2", "p1@3");
    // One transaction per record: never at a record's own offset before it committed.
    applier.committedWhileApplying.forEach(
        (record, committed) ->
            assertThat(committed).as(record).isLessThanOrEqualTo(offsetOf(record)));
  }

  @Test
  void a_poison_record_in_a_batch_is_parked_alone_while_every_other_record_applies() {
    applier.failPermanently.add("p0@2");
    append(P0, 5);
    append(P1, 3);
    start(config(2, Duration.ofMillis(5)), P0, P1);

    await()
        .atMost(WAIT)
        .until(() -> kafka.committedOffset(P0) == 5 && kafka.committedOffset(P1) == 3);

    assertThat(applier.parked)
        .containsExactly("p0@2 after 2: java.lang.IllegalStateException: bad p0@2");
    assertThat(applier.applied.stream().filter(a -> a.startsWith("p0")))
        .containsExactly("p0@0", "p0@1", "p0@3", "p0@4");
    assertThat(applier.applied.stream().filter(a -> a.startsWith("p1")))
        .containsExactly("p1@0", "p1@1", "p1@2");
    // Handled one by one from the failed batch on: each record once, the poison one twice.
    assertThat(applier.attempts("p0@2")).isEqualTo(2);
    assertThat(applier.attempts("p0@3")).isEqualTo(1);

    // Once the poison record is parked, its partition is back to batches.
    append(P0, 3);
    await().atMost(WAIT).until(() -> kafka.committedOffset(P0) == 8);
    assertThat(applier.batches).last().isEqualTo(3);
  }

  private static TopicPartition partitionOf(String record) {
    return new TopicPartition(TOPIC, Integer.parseInt(record.substring(1, record.indexOf('@'))));
  }

  private static long offsetOf(String record) {
    return Long.parseLong(record.substring(record.indexOf('@') + 1));
  }

  /** The database side: records what it is asked to do, fails as the test says. */
  private final class FakeApplier implements RecordApplier {
    final List<String> applied = new CopyOnWriteArrayList<>();
    final List<String> parked = new CopyOnWriteArrayList<>();
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final Map<String, Long> committedWhileApplying = new ConcurrentHashMap<>();
    final Set<String> failTransiently = ConcurrentHashMap.newKeySet();
    final Set<String> failPermanently = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    volatile int parkFailuresLeft;
    volatile Consumer<String> onApplied = record -> {};

    int attempts(String record) {
      return attempts.getOrDefault(record, 0);
    }

    @Override
    public Outcome process(IncomingEvent in) {
      String record = "p" + in.partition() + "@" + in.offset();
      attempts.merge(record, 1, Integer::sum);
      if (failTransiently.contains(record)) {
        throw new RetriableEventException("database away for " + record);
      }
      if (failPermanently.contains(record)) {
        throw new IllegalStateException("bad " + record);
      }
      committedWhileApplying.put(
          record, kafka.committedOffset(new TopicPartition(in.topic(), in.partition())));
      applied.add(record);
      onApplied.accept(record);
      return Outcome.APPLIED;
    }

    /** All or nothing, as one transaction: a failing record fails the batch, nothing applied. */
    @Override
    public List<Outcome> processBatch(List<IncomingEvent> batch) {
      batches.add(batch.size());
      List<String> records = new ArrayList<>();
      for (IncomingEvent in : batch) {
        String record = "p" + in.partition() + "@" + in.offset();
        if (failTransiently.contains(record) || failPermanently.contains(record)) {
          throw new IllegalStateException("batch failed at " + record);
        }
        records.add(record);
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (String record : records) {
        attempts.merge(record, 1, Integer::sum);
        committedWhileApplying.put(record, kafka.committedOffset(partitionOf(record)));
        applied.add(record);
        onApplied.accept(record);
        outcomes.add(Outcome.APPLIED);
      }
      return outcomes;
    }

    @Override
    public Outcome park(IncomingEvent in, int attempts, String error) {
      if (parkFailuresLeft > 0) {
        parkFailuresLeft--;
        throw new RetriableEventException("dead_letter insert failed");
      }
      parked.add("p" + in.partition() + "@" + in.offset() + " after " + attempts + ": " + error);
      return Outcome.PARKED;
    }
  }
}
