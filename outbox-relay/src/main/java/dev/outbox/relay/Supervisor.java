package dev.outbox.relay;

import dev.outbox.config.Backoff;
import dev.outbox.relay.config.RelayConfig;
import dev.outbox.relay.ha.LeaderLock;
import dev.outbox.relay.health.RelayHealth;
import dev.outbox.relay.health.Role;
import dev.outbox.relay.metrics.RelayMetrics;
import dev.outbox.relay.position.Connections;
import dev.outbox.relay.position.PublicationCheck;
import dev.outbox.relay.position.SlotGuard;
import dev.outbox.relay.stream.OutboxPublisher;
import dev.outbox.relay.stream.StopSignal;
import dev.outbox.relay.stream.StreamingEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's life cycle: wait as standby until the slot's lock is free, check the publication and
 * the slot, stream, and start over after any failure with backoff. Only an {@link
 * UnrecoverableException} (a slot that cannot continue, a missing publication, a topic the relay
 * may not use) ends it, because no retry can fix it.
 */
final class Supervisor implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
  private static final Duration LOCK_CHECK = Duration.ofSeconds(1);
  private static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(30));

  private final RelayConfig config;
  private final RelayHealth health;
  private final RelayMetrics metrics;
  private final OutboxPublisher publisher;
  private final StopSignal stop;
  private final CompletableFuture<Void> termination;
  private final String slot;

  /** Failures in a row, for the backoff. */
  private int failures;

  /** Whether this process has streamed the slot: it then knows why the slot may be ahead. */
  private boolean streamedBefore;

  Supervisor(
      RelayConfig config,
      RelayHealth health,
      RelayMetrics metrics,
      OutboxPublisher publisher,
      StopSignal stop,
      CompletableFuture<Void> termination) {
    this.config = config;
    this.health = health;
    this.metrics = metrics;
    this.publisher = publisher;
    this.stop = stop;
    this.termination = termination;
    this.slot = config.stream().slot();
  }

  @Override
  public void run() {
    try (LeaderLock lock = new LeaderLock(config.db(), slot)) {
      boolean announcedStandby = false;
      while (!stop.isRaised()) {
        if (!acquire(lock)) {
          if (!announcedStandby) {
            LOG.info("OutboxRelay - slot {}: standby, another relay streams it", slot);
            announcedStandby = true;
          }
          stop.await(config.lockPollInterval());
          continue;
        }
        announcedStandby = false;
        failures = 0;
        try {
          role(Role.ACTIVE);
          LOG.info("OutboxRelay - slot {}: active", slot);
          streamWhileHeld(lock);
        } finally {
          lock.release();
          role(Role.STANDBY);
        }
      }
    } catch (UnrecoverableException e) {
      LOG.error("OutboxRelay - slot {}: {}", slot, e.getMessage());
      health.streamProblem(e.getMessage());
      termination.completeExceptionally(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      // Never end silently: the process must exit non-zero with the reason.
      LOG.error("OutboxRelay - slot {}: unexpected failure", slot, e);
      health.streamProblem("unexpected failure: " + e);
      termination.completeExceptionally(e);
    }
  }

  private boolean acquire(LeaderLock lock) throws InterruptedException {
    try {
      boolean acquired = lock.tryAcquire();
      health.streamProblem(null); // the database answers again
      return acquired;
    } catch (SQLException e) {
      problem("database", "database unreachable: " + e.getMessage());
      return false;
    }
  }

  private void streamWhileHeld(LeaderLock lock) throws InterruptedException {
    while (!stop.isRaised()) {
      if (!preflight()) {
        if (!lock.isHeld()) {
          return;
        }
        continue;
      }
      long started = System.nanoTime();
      StreamingEngine engine = StreamingEngine.start(config, publisher, health);
      streamedBefore = true;
      try {
        while (!engine.completion().isDone() && publisher.stoppedBy().isEmpty()) {
          if (stop.await(LOCK_CHECK)) {
            return;
          }
          if (!lock.isHeld()) {
            LOG.warn("OutboxRelay - slot {}: lost the lock session; stopping to re-elect", slot);
            return;
          }
        }
      } finally {
        engine.close(config.shutdownTimeout());
      }
      if (publisher.stoppedBy().isPresent()) {
        throw publisher.stoppedBy().get();
      }
      if (System.nanoTime() - started > BACKOFF.max().toNanos()) {
        // It streamed for a while: this is a new failure, not the same one repeating.
        failures = 0;
      }
      problem("engine", "engine stopped: " + failureOf(engine));
    }
  }

  /** Checks publication and slot; false after a transient failure (already backed off). */
  private boolean preflight() throws InterruptedException {
    try (Connection c = Connections.open(config.db(), "preflight " + slot)) {
      new PublicationCheck(
              config.stream().publication(),
              config.stream().outboxSchema(),
              config.stream().outboxTableName())
          .ensure(c);
      new SlotGuard(slot, config.db().url().database()).verify(c, streamedBefore);
      return true;
    } catch (SQLException e) {
      problem("database", "database unreachable: " + e.getMessage());
      return false;
    }
  }

  private static String failureOf(StreamingEngine engine) {
    try {
      engine.completion().get();
      return "without an error";
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Reports a transient problem and waits before the next attempt. */
  private void problem(String kind, String reason) throws InterruptedException {
    metrics.error(kind);
    health.streamProblem(reason);
    Duration wait = BACKOFF.delay(++failures);
    LOG.warn("OutboxRelay - slot {}: {}; retrying in {} ms", slot, reason, wait.toMillis());
    stop.await(wait);
  }

  private void role(Role role) {
    health.role(role);
    metrics.role(role);
  }
}
