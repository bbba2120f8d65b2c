package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.support.TestKafka.TestRecord;
import dev.outbox.client.support.ThingEvent;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingStackTest;
import dev.outbox.stack.ServerControl;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link EventConsumer#health()} against a real broker that goes away and comes back. The broker is
 * the shared stack's, stopped and started in place: the module's ITs run one class after another in
 * one JVM, and this test has the broker back (and answering) before it ends, so no other test sees
 * the outage; a second broker in a child process would cost another JVM on a small machine.
 */
class ConsumerHealthIT extends ThingStackTest {

  private static TestRecord record(
      ThingFixture things, long version, ThingEvent event, Instant time) {
    return things.record("a-1", version, event).withHeader("ce_time", time.toString());
  }

  @Test
  void health_shows_the_lost_broker_since_it_went_and_recovers_when_it_returns_losing_nothing()
      throws Exception {
    ServerControl broker = stack.kafkaControl().orElse(null);
    Assumptions.assumeTrue(broker != null, "needs a stack that owns its broker (embedded)");
    try (ThingFixture things =
        new ThingFixture(db, kafka, stack.kafkaBootstrapServers(), "health", 1)) {
      EventConsumer consumer = things.consumer();
      ConsumerHealth beforeStart = consumer.health();
      assertThat(beforeStart.running()).isFalse();
      assertThat(beforeStart.reason()).isEqualTo("not started");

      Instant firstTime = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MICROS);
      things.send(record(things, 1, new ThingCreated("a-1", "one"), firstTime));
      consumer.start();

      await().atMost(WAIT).until(() -> things.effects().size() == 1);
      await().atMost(WAIT).until(() -> consumer.health().connected());
      ConsumerHealth up = consumer.health();
      assertThat(up.running()).isTrue();
      assertThat(up.disconnectedSince()).isNull();
      assertThat(up.reason()).isNull();
      assertThat(up.lastAppliedAt()).isNotNull();
      assertThat(up.newestEventAt()).isEqualTo(firstTime);
      assertThat(up.viewAge(Instant.now()).orElseThrow())
          .isGreaterThanOrEqualTo(Duration.ofSeconds(30));

      Instant secondTime = Instant.now().truncatedTo(ChronoUnit.MICROS);
      CompletableFuture<RecordMetadata> duringOutage;
      Instant stoppedAt = Instant.now();
      broker.stop();
      try {
        await().atMost(WAIT).until(() -> !consumer.health().connected());
        ConsumerHealth down = consumer.health();
        assertThat(down.running()).isTrue();
        assertThat(down.disconnectedSince()).isBetween(stoppedAt, Instant.now());
        assertThat(down.reason()).isNotBlank();
        // Written while the broker is away (the producer waits for it), applied once it is back.
        TestRecord two = record(things, 2, new ThingRenamed("a-1", "two"), secondTime);
        duringOutage =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return kafka.sendAsync(things.catalog.topic(), two).get(2, TimeUnit.MINUTES);
                  } catch (Exception e) {
                    throw new IllegalStateException("the record written during the outage", e);
                  }
                });
      } finally {
        broker.start();
      }

      await().atMost(WAIT).until(() -> consumer.health().connected());
      duringOutage.get(3, TimeUnit.MINUTES);
      Instant thirdTime = Instant.now().truncatedTo(ChronoUnit.MICROS);
      things.send(record(things, 3, new ThingRenamed("a-1", "three"), thirdTime));

      await().atMost(WAIT).until(() -> things.effects().size() >= 3);
      assertThat(things.effects()).containsExactly("a-1:1:one", "a-1:2:two", "a-1:3:three");
      assertThat(db.inboxRows(things.consumerName)).isEqualTo(3);
      ConsumerHealth back = consumer.health();
      assertThat(back.running()).isTrue();
      assertThat(back.connected()).isTrue();
      assertThat(back.disconnectedSince()).isNull();
      assertThat(back.newestEventAt()).isEqualTo(thirdTime);
      assertThat(back.lastAppliedAt()).isAfter(up.lastAppliedAt());

      consumer.close();
      ConsumerHealth closed = consumer.health();
      assertThat(closed.running()).isFalse();
      assertThat(closed.connected()).isFalse();
      assertThat(closed.reason()).isEqualTo("closed");
      assertThat(closed.disconnectedSince()).isNotNull();
    }
  }
}
