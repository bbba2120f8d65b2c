package dev.outbox.relay;

import static dev.outbox.relay.fixture.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.Ports;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.RelayProcess;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay's jar, traced by the standard {@code OTEL_*} variables: a row's publish is a span of
 * the row's trace, the record's {@code traceparent} header carries that span, and the logging
 * exporter (found by the SDK's autoconfiguration in the shaded jar) writes it to the relay's log.
 */
@ExtendWith(OutboxStackExtension.class)
class TracingIT {

  private final OutboxStack stack;
  private final RelayFixture fixture;

  TracingIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void a_traced_row_is_published_in_a_span_of_its_trace_that_the_logging_exporter_shows()
      throws Exception {
    String type = "traced" + StreamingIT.suffix();
    Random random = new Random();
    String traceId = hex(random, 16);
    String parentSpanId = hex(random, 8);
    OutboxRow traced =
        new OutboxRow(
            UUID.randomUUID(),
            type,
            "c-1",
            1,
            "CustomerUpdated",
            1,
            "{\"name\": \"Ada\"}",
            Instant.now(),
            "00-" + traceId + "-" + parentSpanId + "-01");
    OutboxRow untraced = OutboxRow.of(type, "c-2", 1);
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("traced"));
    env.put("RELAY_HTTP_PORT", Integer.toString(Ports.free()));
    env.put("OTEL_TRACES_EXPORTER", "logging");
    env.put("OTEL_BSP_SCHEDULE_DELAY", "100");

    try (RelayProcess relay = RelayProcess.start("tracing", env);
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      relay.awaitHealthy(Duration.ofSeconds(60));
      assertThat(relay.output()).contains("Tracing - traces of outbox-relay to logging");
      fixture.writer().commit(List.of(traced, untraced));

      List<ConsumerRecord<String, byte[]>> records = reader.awaitAtLeast(2, Duration.ofSeconds(60));
      ConsumerRecord<String, byte[]> record =
          records.stream().filter(r -> r.key().equals("c-1")).findFirst().orElseThrow();
      String traceParent = header(record, "traceparent");
      assertThat(traceParent).matches("00-" + traceId + "-[0-9a-f]{16}-01");
      String spanId = traceParent.split("-")[2];
      assertThat(spanId)
          .as("the relay's publish span, a child of the row's")
          .isNotEqualTo(parentSpanId);
      ConsumerRecord<String, byte[]> plain =
          records.stream().filter(r -> r.key().equals("c-2")).findFirst().orElseThrow();
      assertThat(plain.headers().lastHeader("traceparent")).isNull();

      // The logging exporter writes through java.util.logging: to stderr, one line a span.
      String span = "'" + type + ".events publish' : " + traceId + " " + spanId + " PRODUCER";
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.errorOutput().contains(span));
      String line =
          relay.errorOutput().lines().filter(l -> l.contains(span)).findFirst().orElseThrow();
      System.out.println("The relay's span: " + line);
      assertThat(line)
          .contains("LoggingSpanExporter")
          .contains("messaging.destination.name=" + type + ".events")
          .contains("messaging.message.id=" + traced.id())
          .contains("messaging.kafka.offset=");
      assertThat(relay.errorOutput())
          .as("no span of the untraced row")
          .containsOnlyOnce(" PRODUCER ");

      relay.terminate();
      assertThat(relay.awaitExit(Duration.ofSeconds(60))).isEqualTo(Main.EXIT_STOPPED);
    }
  }

  private static String hex(Random random, int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    value[0] |= 1; // never all zeros, which W3C calls invalid
    return HexFormat.of().formatHex(value);
  }
}
