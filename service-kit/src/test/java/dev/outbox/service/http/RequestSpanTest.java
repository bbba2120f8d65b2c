package dev.outbox.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.trace.TraceContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each request's SERVER span on the real JDK server, with the SDK's in-memory exporter. */
class RequestSpanTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER = "00f067aa0ba902b7";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private PrometheusMeterRegistry registry;
  private OpenTelemetrySdk sdk;
  private HttpService http;

  @BeforeEach
  void start() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
  }

  @AfterEach
  void stop() {
    http.close();
    sdk.close();
    registry.close();
  }

  private void serve(OpenTelemetry openTelemetry) {
    Routes routes =
        Routes.builder()
            .get(
                "/things/{id}",
                request ->
                    Response.json(
                        200,
                        Map.of(
                            "trace",
                            TraceContext.threadLocal()
                                .current()
                                .map(Object::toString)
                                .orElse("none"))))
            .get(
                "/bug",
                request -> {
                  throw new IllegalStateException("a bug");
                })
            .build();
    http =
        HttpService.builder("test", registry).openTelemetry(openTelemetry).routes(routes).start();
  }

  @Test
  void a_request_is_a_server_span_under_its_traceparent_and_current_in_the_handler()
      throws Exception {
    serve(sdk);
    HttpResponse<String> response = get("/things/7", "00-" + TRACE_ID + "-" + CALLER + "-01");

    SpanData span = await().until(() -> only("GET /things/{id}"), s -> s != null);
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getParentSpanId()).isEqualTo(CALLER);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route")))
        .isEqualTo("/things/{id}");
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);
    // What the handler appends would carry the request's span.
    assertThat(response.body()).contains("00-" + TRACE_ID + "-" + span.getSpanId() + "-01");
  }

  @Test
  void without_a_traceparent_a_request_starts_a_trace() throws Exception {
    serve(sdk);
    get("/things/8", null);
    SpanData span = await().until(() -> only("GET /things/{id}"), s -> s != null);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void a_failure_is_an_error_span_and_the_probes_are_not_traced() throws Exception {
    serve(sdk);
    get("/health", null);
    get("/metrics", null);
    get("/bug", null);
    get("/nowhere", null);
    await().until(() -> spans.getFinishedSpanItems().size() == 2);
    SpanData bug = only("GET /bug");
    assertThat(bug.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(bug.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    SpanData unmatched = only("GET");
    assertThat(unmatched.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(404L);
    assertThat(spans.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .doesNotContain("GET /health", "GET /metrics");
  }

  @Test
  void a_path_that_does_not_decode_is_a_400_and_its_span_says_so() throws Exception {
    serve(sdk);
    HttpResponse<String> response = get("/things/%ff", null);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("error");
    SpanData span = await().until(() -> only("GET"), s -> s != null);
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(400L);
  }

  @Test
  void without_an_sdk_the_request_trace_is_current_as_it_came() throws Exception {
    serve(OpenTelemetry.noop());
    String trace = "00-" + TRACE_ID + "-" + CALLER + "-01";
    assertThat(get("/things/9", trace).body()).contains(trace);
    // A later version of the format is carried as it came, not rewritten.
    String later = "01-" + TRACE_ID + "-" + CALLER + "-01";
    assertThat(get("/things/9", later).body()).contains(later);
    assertThat(get("/things/9", null).body()).contains("none");
  }

  private SpanData only(String name) {
    List<SpanData> found =
        spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    return found.size() == 1 ? found.get(0) : null;
  }

  private HttpResponse<String> get(String path, String traceParent)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
    if (traceParent != null) {
      request.header("traceparent", traceParent);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
