package dev.outbox.client.support;

import dev.outbox.client.consume.EventConsumerConfig;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the client's integration tests share: the JVM's stack (a real PostgreSQL and Kafka), the
 * test database and a Kafka client opened once per class, and {@link ThingFixture}s (each its own
 * aggregate type, topic and consumer) closed after each test.
 */
@ExtendWith(OutboxStackExtension.class)
public abstract class ThingStackTest {

  /** How long any condition of these tests may take to come true, on a busy machine too. */
  protected static final Duration WAIT = Duration.ofMinutes(2);

  protected static OutboxStack stack;
  protected static TestDatabase db;
  protected static TestKafka kafka;

  private final List<AutoCloseable> closeAfterEach = new ArrayList<>();

  @BeforeAll
  static void openShared(OutboxStack shared) {
    stack = shared;
    db = TestDatabase.open(stack);
    kafka = new TestKafka(stack.kafkaBootstrapServers());
  }

  @AfterAll
  static void closeShared() {
    kafka.close();
    db.close();
  }

  @AfterEach
  void closeTestResources() throws Exception {
    // The newest first: a consumer before the fixture whose topic it reads.
    for (int i = closeAfterEach.size() - 1; i >= 0; i--) {
      closeAfterEach.get(i).close();
    }
    closeAfterEach.clear();
  }

  /** The batch size of the fixtures' consumers; a subclass may run its tests with another. */
  protected int batchSize() {
    return EventConsumerConfig.DEFAULT_BATCH_SIZE;
  }

  /** A fixture with a topic of one partition, closed after the test. */
  protected ThingFixture fixture(String label) {
    return fixture(label, 1);
  }

  /** A fixture with a topic of {@code partitions} partitions, closed after the test. */
  protected ThingFixture fixture(String label, int partitions) {
    return fixture(label, partitions, batchSize());
  }

  /** A fixture whose consumers apply batches of up to {@code batchSize}, closed after the test. */
  protected ThingFixture fixture(String label, int partitions, int batchSize) {
    return closeAfterTest(
        new ThingFixture(db, kafka, stack.kafkaBootstrapServers(), label, partitions, batchSize));
  }

  /** Closes {@code resource} after the test, before what was registered earlier. */
  protected <T extends AutoCloseable> T closeAfterTest(T resource) {
    closeAfterEach.add(resource);
    return resource;
  }
}
