package dev.outbox.client.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.consume.PermanentEventException;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.support.TestDatabase;
import dev.outbox.client.support.TestKafka;
import dev.outbox.client.support.ThingEvent;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.write.Outbox;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client's spans with a real SDK: append, apply (single and batch) and park. */
@ExtendWith(OutboxStackExtension.class)
class ClientSpansIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PUBLISH_SPAN = "00f067aa0ba902b7";
  private static final String TRACE = "00-" + TRACE_ID + "-" + PUBLISH_SPAN + "-01";

  private static OutboxStack stack;
  private static TestDatabase db;

  private InMemorySpanExporter spans;
  private OpenTelemetrySdk sdk;

  @BeforeAll
  static void open(OutboxStack shared) {
    stack = shared;
    db = TestDatabase.open(stack);
  }

  @AfterAll
  static void closeAll() {
    db.close();
  }

  @BeforeEach
  void sdk() {
    spans = InMemorySpanExporter.create();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
  }

  @AfterEach
  void closeSdk() {
    sdk.close();
  }

  @Test
  void the_append_is_a_child_of_the_current_span_and_the_row_carries_the_append() {
    EventCatalog<ThingEvent> catalog = catalog();
    Outbox outbox = Outbox.builder().register(catalog).openTelemetry(sdk).build();
    Span request = sdk.getTracer("test").spanBuilder("POST /things").startSpan();
    try (Scope scope = request.makeCurrent()) {
      outbox.transaction(db.dsl(), tx -> tx.append("t-1", 1, new ThingCreated("t-1", "one")));
    } finally {
      request.end();
    }
    outbox.transaction(db.dsl(), tx -> tx.append("t-2", 1, new ThingCreated("t-2", "untraced")));

    SpanData append = only(named("outbox append ThingCreated"));
    assertThat(append.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(append.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(append.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(append.getAttributes().get(OutboxSpans.AGGREGATE_ID)).isEqualTo("t-1");
    assertThat(append.getAttributes().get(OutboxSpans.AGGREGATE_TYPE))
        .isEqualTo(catalog.aggregateType());
    assertThat(append.getAttributes().get(OutboxSpans.AGGREGATE_VERSION)).isEqualTo(1L);
    assertThat(tracesOf(catalog))
        .containsExactly(
            "00-"
                + append.getTraceId()
                + "-"
                + append.getSpanId()
                + "-"
                + append.getSpanContext().getTraceFlags().asHex(),
            // Not the start of a trace of its own.
            null);
  }

  @Test
  void without_an_sdk_the_row_carries_the_current_trace_as_it_came() {
    EventCatalog<ThingEvent> catalog = catalog();
    Outbox outbox = Outbox.builder().register(catalog).build();
    // A later version of the W3C format: carried, not rewritten as version 00.
    String later = "01-" + TRACE_ID + "-" + PUBLISH_SPAN + "-01";
    try (ThreadLocalTraceContext.Scope trace =
        ThreadLocalTraceContext.open(new TraceParent(later))) {
      outbox.transaction(db.dsl(), tx -> tx.append("n-1", 1, new ThingCreated("n-1", "one")));
    }
    assertThat(tracesOf(catalog)).containsExactly(later);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void each_traced_event_is_applied_in_a_span_whose_appends_continue_the_trace() {
    try (TestKafka kafka = new TestKafka(stack.kafkaBootstrapServers());
        ThingFixture things =
            new ThingFixture(db, kafka, stack.kafkaBootstrapServers(), "spans-apply", 1)) {
      EventCatalog<ThingEvent> replies = catalog();
      Outbox outbox = Outbox.builder().register(replies).openTelemetry(sdk).build();
      EventConsumer consumer =
          EventConsumer.builder(things.config())
              .dsl(db.dsl())
              .openTelemetry(sdk)
              .on(
                  things.catalog,
                  (tx, envelope) -> {
                    if (envelope.event() instanceof ThingCreated created
                        && created.name().equals("poison")) {
                      throw new PermanentEventException("poison pill");
                    }
                    // The apply span itself is current, not a copy of its ids.
                    Span.current().setAttribute("handler.saw", envelope.aggregateId());
                    outbox.transaction(
                        tx,
                        out ->
                            out.append(
                                envelope.aggregateId(),
                                envelope.aggregateVersion(),
                                new ThingCreated(envelope.aggregateId(), "reply")));
                  })
              .build();
      things.send(
          things.record("a-1", 1, new ThingCreated("a-1", "one")).withHeader("traceparent", TRACE));
      things.send(
          things
              .record("b-1", 1, new ThingCreated("b-1", "poison"))
              .withHeader("traceparent", TRACE));
      things.send("c-1", 1, new ThingCreated("c-1", "untraced"));
      consumer.start();
      try {
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> !named("park ThingCreated").isEmpty() && tracesOf(replies).size() == 2);
      } finally {
        consumer.close();
      }

      // A failed batch (the poison pill was in it) is an attempt of each of its events.
      SpanData applied =
          only(
              named("apply ThingCreated").stream()
                  .filter(s -> "a-1".equals(s.getAttributes().get(OutboxSpans.AGGREGATE_ID)))
                  .filter(s -> s.getStatus().getStatusCode() != StatusCode.ERROR)
                  .toList());
      assertThat(applied.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(applied.getTraceId()).isEqualTo(TRACE_ID);
      assertThat(applied.getParentSpanId()).isEqualTo(PUBLISH_SPAN);
      assertThat(applied.getAttributes().get(OutboxSpans.OUTCOME)).isEqualTo("applied");
      assertThat(applied.getAttributes().get(AttributeKey.stringKey("handler.saw")))
          .isEqualTo("a-1");
      assertThat(applied.getAttributes().get(OutboxSpans.DESTINATION))
          .isEqualTo(things.catalog.topic());
      assertThat(applied.getAttributes().get(OutboxSpans.CONSUMER_GROUP))
          .isEqualTo(things.consumerName);

      // The failed batch's attempt appended too (rolled back with it): one append per apply span.
      assertThat(named("outbox append ThingCreated"))
          .extracting(SpanData::getParentSpanId)
          .contains(applied.getSpanId());
      SpanData reply =
          only(
              named("outbox append ThingCreated").stream()
                  .filter(s -> s.getParentSpanId().equals(applied.getSpanId()))
                  .toList());
      assertThat(reply.getTraceId()).isEqualTo(TRACE_ID);
      assertThat(tracesOf(replies))
          .containsExactlyInAnyOrder("00-" + TRACE_ID + "-" + reply.getSpanId() + "-01", null);

      List<SpanData> failedAttempts =
          named("apply ThingCreated").stream()
              .filter(s -> "b-1".equals(s.getAttributes().get(OutboxSpans.AGGREGATE_ID)))
              .toList();
      assertThat(failedAttempts)
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
      SpanData parked = only(named("park ThingCreated"));
      assertThat(parked.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(parked.getStatus().getDescription()).contains("poison pill");
      assertThat(parked.getParentSpanId()).isEqualTo(PUBLISH_SPAN);
      assertThat(parked.getAttributes().get(OutboxSpans.OUTCOME)).isEqualTo("parked");

      assertThat(
              spans.getFinishedSpanItems().stream()
                  .filter(s -> "c-1".equals(s.getAttributes().get(OutboxSpans.AGGREGATE_ID))))
          .as("an untraced event starts no trace")
          .isEmpty();
    }
  }

  @Test
  void a_batch_gives_each_traced_event_its_own_apply_span() {
    try (TestKafka kafka = new TestKafka(stack.kafkaBootstrapServers());
        ThingFixture things =
            new ThingFixture(db, kafka, stack.kafkaBootstrapServers(), "spans-batch", 1, 50)) {
      EventConsumer consumer =
          EventConsumer.builder(things.config())
              .dsl(db.dsl())
              .openTelemetry(sdk)
              .onBatch(things.catalog, things.batchHandler())
              .build();
      List<String> parents = List.of("1111111111111111", "2222222222222222", "3333333333333333");
      for (int i = 0; i < parents.size(); i++) {
        things.send(
            things
                .record("x-" + i, 1, new ThingCreated("x-" + i, "n"))
                .withHeader("traceparent", "00-" + TRACE_ID + "-" + parents.get(i) + "-01"));
      }
      consumer.start();
      try {
        await().atMost(Duration.ofMinutes(2)).until(() -> named("apply ThingCreated").size() == 3);
      } finally {
        consumer.close();
      }
      assertThat(named("apply ThingCreated"))
          .extracting(SpanData::getParentSpanId)
          .containsExactlyInAnyOrderElementsOf(parents);
      // The handler saw each event under its own span.
      assertThat(things.envelopes)
          .extracting(e -> new TraceParent(e.traceParent()).parentId())
          .containsExactlyInAnyOrderElementsOf(
              named("apply ThingCreated").stream().map(SpanData::getSpanId).toList());
    }
  }

  private static EventCatalog<ThingEvent> catalog() {
    return EventCatalog.of(
        "thing-" + UUID.randomUUID().toString().substring(0, 8), ThingEvent.class);
  }

  private static List<String> tracesOf(EventCatalog<ThingEvent> catalog) {
    return db.dsl()
        .fetch(
            "SELECT trace_parent FROM outbox WHERE aggregate_type = ? ORDER BY aggregate_id",
            catalog.aggregateType())
        .getValues(0, String.class);
  }

  private List<SpanData> named(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
  }

  private static SpanData only(List<SpanData> found) {
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
