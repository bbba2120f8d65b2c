package dev.outbox.client.housekeeping;

import dev.outbox.config.Durations;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one consumer's inbox and dead letters bounded: every {@link TableRetention#interval()} it
 * deletes the inbox rows received longer ago than the inbox retention and the dead letters resolved
 * longer ago than theirs, each batch of at most {@link TableRetention#batchSize()} rows in a short
 * transaction of its own, then refreshes the tables' gauges ({@link HousekeepingMetrics}). It logs
 * at INFO only when it deleted something.
 *
 * <p>The inbox retention is checked against the consumed topics' retention at {@link #start()} and
 * again before each run (an operator may change a topic): a window that is not longer than what may
 * still be redelivered ({@link TableRetention}) is refused at start with {@link
 * RetentionWindowException}, and later holds the inbox's purge back (logged) until it fits. While
 * Kafka cannot tell (away, a topic not created yet), the inbox is not purged either. Resolved dead
 * letters take no part in deduplication, so their retention needs no check.
 *
 * <p>Started and closed by {@link dev.outbox.client.consume.EventConsumer}.
 */
public final class Housekeeping implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final String consumer;
  private final Set<String> topics;
  private final TableRetention retention;
  private final ConsumerTables tables;
  private final TopicRetentionSource kafka;
  private final HousekeepingMetrics metrics;
  private final Object lifecycle = new Object();
  private volatile boolean stopping;
  private boolean started;
  private ScheduledExecutorService executor;
  private String heldBack;
  private boolean keptForeverLogged;

  Housekeeping(
      String consumer,
      Set<String> topics,
      DSLContext dsl,
      TableRetention retention,
      TopicRetentionSource kafka,
      MeterRegistry registry) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.topics = new TreeSet<>(topics);
    this.retention = Objects.requireNonNull(retention, "retention");
    this.tables = new ConsumerTables(Objects.requireNonNull(dsl, "dsl"), consumer);
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.metrics = new HousekeepingMetrics(registry, consumer);
  }

  /**
   * The housekeeping of a consumer that reads {@code topics} from the Kafka at {@code
   * bootstrapServers}; its admin client gets the consumer's extra properties that an admin client
   * knows (security settings).
   */
  public static Housekeeping create(
      String consumer,
      Set<String> topics,
      DSLContext dsl,
      TableRetention retention,
      String bootstrapServers,
      Map<String, String> kafkaProperties,
      MeterRegistry registry) {
    return new Housekeeping(
        consumer,
        topics,
        dsl,
        retention,
        new KafkaTopicRetention(bootstrapServers, kafkaProperties, KAFKA_TIMEOUT),
        registry);
  }

  /** Its settings. */
  public TableRetention retention() {
    return retention;
  }

  /**
   * Checks the inbox retention against the topics, then runs at once and every interval on a daemon
   * thread of its own.
   *
   * @throws RetentionWindowException when the inbox retention is not longer than what a topic and
   *     the relay may still redeliver
   * @throws IllegalStateException when started before or closed
   */
  public void start() {
    synchronized (lifecycle) {
      if (started || stopping) {
        throw new IllegalStateException("housekeeping of " + consumer + " was already started");
      }
      started = true;
      checkAtStart();
      executor =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "outbox-housekeeping-" + consumer);
                thread.setDaemon(true);
                return thread;
              });
      executor.scheduleWithFixedDelay(
          this::scheduledRun, 0, retention.interval().toMillis(), TimeUnit.MILLISECONDS);
      LOG.info(
          "{} - housekeeping every {}: inbox rows kept {}, resolved dead letters kept {}",
          consumer,
          Durations.format(retention.interval()),
          Durations.format(retention.inboxRetention()),
          Durations.format(retention.deadLetterRetention()));
    }
  }

  /**
   * One run now, on the caller's thread: the inbox (unless held back), the resolved dead letters,
   * then the gauges. Runs never overlap.
   *
   * @throws RuntimeException a database failure, after what was deleted before it
   */
  public synchronized HousekeepingRun runOnce() {
    Optional<String> held = inboxCheck();
    long inboxRows = 0;
    int inboxBatches = 0;
    if (held.isEmpty()) {
      long deleted;
      do {
        deleted = tables.purgeInbox(retention.inboxRetention(), retention.batchSize());
        if (deleted > 0) {
          inboxRows += deleted;
          inboxBatches++;
          metrics.inboxPurged(deleted);
        }
      } while (deleted >= retention.batchSize() && !stopping);
    }
    long deadLetters = 0;
    int deadLetterBatches = 0;
    long deleted;
    do {
      deleted = tables.purgeDeadLetters(retention.deadLetterRetention(), retention.batchSize());
      if (deleted > 0) {
        deadLetters += deleted;
        deadLetterBatches++;
        metrics.deadLettersPurged(deleted);
      }
    } while (deleted >= retention.batchSize() && !stopping);
    metrics.sizes(tables.sizes());
    if (inboxRows > 0 || deadLetters > 0) {
      LOG.info(
          "{} - housekeeping deleted {} inbox row(s) received more than {} ago in {} batch(es)"
              + " and {} dead letter(s) resolved more than {} ago in {} batch(es)",
          consumer,
          inboxRows,
          Durations.format(retention.inboxRetention()),
          inboxBatches,
          deadLetters,
          Durations.format(retention.deadLetterRetention()),
          deadLetterBatches);
    }
    return new HousekeepingRun(inboxRows, inboxBatches, deadLetters, deadLetterBatches, held);
  }

  /** Stops the runs, letting a batch in flight finish; idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (lifecycle) {
      if (stopping) {
        return;
      }
      stopping = true;
      running = executor;
    }
    if (running != null) {
      running.shutdown();
      try {
        if (!running.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("{} - housekeeping did not stop within {}", consumer, STOP_TIMEOUT);
          running.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.shutdownNow();
      }
    }
    kafka.close();
  }

  private void scheduledRun() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // The next run tries again; a failure here never stops the consumer.
      LOG.warn("{} - housekeeping run failed: {}", consumer, e.toString());
    }
  }

  private synchronized void checkAtStart() {
    RetentionRule.Verdict verdict;
    try {
      verdict = RetentionRule.check(retention, kafka.read(topics));
    } catch (RuntimeException e) {
      heldBack = unreadable(e);
      LOG.warn(
          "{} - inbox retention not checked at start ({}); inbox rows are deleted only once it is",
          consumer,
          heldBack);
      return;
    }
    if (!verdict.safe()) {
      throw new RetentionWindowException(verdict.problems());
    }
    logKeptForever(verdict.keptForever());
  }

  /** Why the inbox may not be purged now, empty when it may. */
  private Optional<String> inboxCheck() {
    String hold;
    try {
      RetentionRule.Verdict verdict = RetentionRule.check(retention, kafka.read(topics));
      logKeptForever(verdict.keptForever());
      hold = verdict.safe() ? null : String.join("; ", verdict.problems());
    } catch (RuntimeException e) {
      hold = unreadable(e);
    }
    if (!Objects.equals(hold, heldBack)) {
      if (hold != null) {
        LOG.warn("{} - inbox rows are not deleted: {}", consumer, hold);
      } else {
        LOG.info(
            "{} - inbox retention {} checked against topics {}: inbox rows are deleted",
            consumer,
            Durations.format(retention.inboxRetention()),
            topics);
      }
      heldBack = hold;
    }
    return Optional.ofNullable(hold);
  }

  private static String unreadable(RuntimeException e) {
    return e.getMessage();
  }

  private void logKeptForever(List<String> keptForever) {
    if (!keptForever.isEmpty() && !keptForeverLogged) {
      keptForeverLogged = true;
      keptForever.forEach(line -> LOG.info("{} - {}", consumer, line));
    }
  }
}
