package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One trace per business action across three processes: customer-app and order-app in this JVM with
 * the SDK's in-memory exporter (each its own {@code service.name}), and the two relays as real
 * processes from their jar with {@code OTEL_TRACES_EXPORTER=logging}, whose spans are read from
 * their log. A relay's span is tied in by its id: the consumer's apply span is its child.
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(7)
class TracingIT {

  private static final Duration CONVERGENCE = Duration.ofMinutes(3);
  private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private OpenTelemetrySdk customerSdk;
  private OpenTelemetrySdk orderSdk;
  private Platform platform;
  private Sql sql;

  @BeforeAll
  void start(OutboxStack stack) {
    sql = new Sql(stack);
    customerSdk = sdk("customer-app");
    orderSdk = sdk("order-app");
    platform =
        new Platform(stack)
            .traced(
                customerSdk,
                orderSdk,
                Map.of(
                    "OTEL_TRACES_EXPORTER", "logging",
                    "OTEL_SERVICE_NAME", "outbox-relay"))
            .start();
  }

  @AfterAll
  void stop() throws Exception {
    platform.close();
    customerSdk.close();
    orderSdk.close();
  }

  private OpenTelemetrySdk sdk(String service) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(SERVICE, service)))
                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build())
        .build();
  }

  @Test
  @Order(1)
  void a_new_customer_is_one_trace_from_the_request_through_the_relay_to_order_apps_replica() {
    Webshop.createCustomer(
        platform.customers(), "Traced Customer", "1 Main Street, Springfield", 500);

    SpanData request = awaitSpan(() -> span("POST /customers"));
    String trace = request.getTraceId();
    assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(service(request)).isEqualTo("customer-app");

    SpanData append = inTrace(trace, "outbox append CustomerCreated");
    assertThat(append.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(service(append)).isEqualTo("customer-app");

    SpanData applied = awaitSpan(() -> find(trace, "apply CustomerCreated"));
    assertThat(service(applied)).isEqualTo("order-app");
    assertThat(applied.getKind()).isEqualTo(SpanKind.CONSUMER);
    // Its parent is the relay's publish: a span of the trace that neither app made.
    String publish = applied.getParentSpanId();
    assertThat(spansOf(trace)).extracting(SpanData::getSpanId).doesNotContain(publish);
    awaitRelaySpan(ServiceDatabase.CUSTOMERS, trace, publish);
  }

  @Test
  @Order(2)
  void an_order_is_one_trace_across_the_credit_saga() {
    String customerId =
        Webshop.createCustomer(
            platform.customers(), "Saga Customer", "2 Main Street, Springfield", 1000);
    await()
        .atMost(CONVERGENCE)
        .until(
            () ->
                sql.count(
                        ServiceDatabase.ORDERS,
                        "SELECT count(*) FROM customer_replica WHERE id = '" + customerId + "'")
                    == 1);
    Http.Answer placed =
        platform
            .orders()
            .post(
                "/orders",
                Map.of(
                    "customerId",
                    customerId,
                    "lines",
                    List.of(Map.of("sku", "SKU-1", "quantity", 2, "unitPrice", 10))));
    assertThat(placed.status()).as("POST /orders %s", placed.body()).isEqualTo(201);
    String orderId = placed.text("id");
    await()
        .atMost(CONVERGENCE)
        .until(
            () -> platform.orders().get("/orders/" + orderId).text("status").equals("CONFIRMED"));

    SpanData request = awaitSpan(() -> span("POST /orders"));
    String trace = request.getTraceId();
    assertThat(service(request)).isEqualTo("order-app");
    SpanData placedAppend = inTrace(trace, "outbox append OrderPlaced");
    SpanData creditCheck = awaitSpan(() -> find(trace, "apply OrderPlaced"));
    assertThat(service(creditCheck)).isEqualTo("customer-app");
    SpanData reserved = inTrace(trace, "outbox append CreditReserved");
    assertThat(reserved.getParentSpanId()).isEqualTo(creditCheck.getSpanId());
    SpanData confirmed = awaitSpan(() -> find(trace, "apply CreditReserved"));
    assertThat(service(confirmed)).isEqualTo("order-app");

    // Both relays published in this trace: order-app's OrderPlaced, customer-app's CreditReserved.
    awaitRelaySpan(ServiceDatabase.ORDERS, trace, creditCheck.getParentSpanId());
    awaitRelaySpan(ServiceDatabase.CUSTOMERS, trace, confirmed.getParentSpanId());
    assertThat(placedAppend.getParentSpanId()).isEqualTo(request.getSpanId());
  }

  private void awaitRelaySpan(ServiceDatabase db, String trace, String spanId) {
    await()
        .atMost(CONVERGENCE)
        .untilAsserted(
            () ->
                assertThat(platform.relay(db).output() + platform.relay(db).errorOutput())
                    .as("the %s relay's log has its publish span %s of trace %s", db, spanId, trace)
                    .containsPattern("'[^']+ publish' : " + trace + " " + spanId + " PRODUCER"));
  }

  private static SpanData awaitSpan(Supplier<Optional<SpanData>> span) {
    return await().atMost(CONVERGENCE).until(span::get, Optional::isPresent).orElseThrow();
  }

  private Optional<SpanData> span(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst();
  }

  private Optional<SpanData> find(String trace, String name) {
    return spansOf(trace).stream().filter(s -> s.getName().equals(name)).findFirst();
  }

  private SpanData inTrace(String trace, String name) {
    return find(trace, name)
        .orElseThrow(() -> new AssertionError("no span " + name + " in trace " + trace));
  }

  private List<SpanData> spansOf(String trace) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace)).toList();
  }

  private static String service(SpanData span) {
    return span.getResource().getAttribute(SERVICE);
  }
}
