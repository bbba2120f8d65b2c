package dev.outbox.relay.stream;

import dev.outbox.relay.config.RelayConfig;
import dev.outbox.relay.health.RelayHealth;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the embedded Debezium engine, from start until it stops by itself (an error it gave up
 * on) or is closed. The relay starts a new one after a failure; this class never restarts itself.
 */
public final class StreamingEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamingEngine.class);
  private static final Duration CLOSE_RETRY = Duration.ofMillis(200);

  private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
  private final ExecutorService thread;
  private final CompletableFuture<Void> completion = new CompletableFuture<>();
  private final String slot;

  private StreamingEngine(RelayConfig config, OutboxPublisher publisher, RelayHealth health) {
    this.slot = config.stream().slot();
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "outbox-relay-engine-" + slot);
              t.setDaemon(true);
              return t;
            });
    this.engine =
        DebeziumEngine.create(Connect.class)
            .using(DebeziumProperties.of(config))
            .notifying(publisher)
            .using(
                new DebeziumEngine.ConnectorCallback() {
                  @Override
                  public void pollingStarted() {
                    LOG.info("OutboxRelay - streaming slot {}", slot);
                    health.polling(true);
                  }

                  @Override
                  public void pollingStopped() {
                    health.polling(false);
                  }
                })
            .using(
                (success, message, error) -> {
                  health.polling(false);
                  if (success) {
                    completion.complete(null);
                  } else {
                    completion.completeExceptionally(
                        error != null ? error : new IllegalStateException(message));
                  }
                })
            .build();
  }

  /** Builds the engine and starts it on its own thread. */
  public static StreamingEngine start(
      RelayConfig config, OutboxPublisher publisher, RelayHealth health) {
    StreamingEngine engine = new StreamingEngine(config, publisher, health);
    engine.thread.execute(engine.engine);
    return engine;
  }

  /** Completes when the engine has stopped; exceptionally when it stopped on an error. */
  public CompletableFuture<Void> completion() {
    return completion;
  }

  /**
   * Stops the engine, which stores the position of every batch marked processed, and waits for it
   * up to {@code timeout}.
   */
  public void close(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (!completion.isDone()) {
      try {
        engine.close();
        break;
      } catch (IllegalStateException e) {
        // The engine refuses to close while its tasks start (it would leak connections) or when a
        // close is already under way; try again shortly.
        if (Instant.now().isAfter(deadline)) {
          LOG.warn(
              "OutboxRelay - the engine of slot {} did not accept a stop: {}",
              slot,
              e.getMessage());
          break;
        }
        awaitCompletion(CLOSE_RETRY);
      } catch (IOException e) {
        LOG.warn("OutboxRelay - stopping the engine of slot {} failed", slot, e);
        break;
      }
    }
    try {
      long remaining = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
      completion.get(remaining, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.debug("OutboxRelay - engine of slot {} ended with an error", slot, e.getCause());
    } catch (TimeoutException e) {
      LOG.warn("OutboxRelay - the engine of slot {} did not stop within {}", slot, timeout);
    }
    thread.shutdownNow();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(20));
  }

  private void awaitCompletion(Duration wait) {
    try {
      completion.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Either way the caller looks at the completion again.
    }
  }
}
