package dev.outbox.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryTest {

  @Test
  void off_without_an_otel_variable() {
    try (Telemetry telemetry = Telemetry.fromEnvironment(Map.of("PATH", "/bin"), "customer-app")) {
      assertThat(telemetry.enabled()).isFalse();
      assertThat(telemetry.openTelemetry()).isSameAs(OpenTelemetry.noop());
      assertThat(telemetry.describe()).contains("off", "OTEL_TRACES_EXPORTER");
    }
  }

  @Test
  void which_variables_turn_traces_on() {
    assertThat(Telemetry.tracesRequested(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
    assertThat(Telemetry.tracesRequested(Map.of("OTEL_TRACES_EXPORTER", " none "))).isFalse();
    assertThat(Telemetry.tracesRequested(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")))
        .isTrue();
    assertThat(
            Telemetry.tracesRequested(
                Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces")))
        .isTrue();
    assertThat(
            Telemetry.tracesRequested(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_SDK_DISABLED", "true")))
        .isFalse();
    assertThat(Telemetry.tracesRequested(Map.of("OTEL_SERVICE_NAME", "x"))).isFalse();
  }

  @Test
  void an_otlp_endpoint_builds_the_sdk_with_our_defaults() {
    try (Telemetry telemetry =
        Telemetry.fromEnvironment(
            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1"), "order-app")) {
      assertThat(telemetry.enabled()).isTrue();
      assertThat(telemetry.describe())
          .isEqualTo(
              "traces of order-app to otlp http/protobuf http://127.0.0.1:1,"
                  + " sampler parentbased_always_on");
      Span span = telemetry.openTelemetry().getTracer("test").spanBuilder("probe").startSpan();
      assertThat(span.getSpanContext().isValid()).isTrue();
      assertThat(span.isRecording()).isTrue();
      // Not ended: nothing to export to the unreachable endpoint, whose retries would take seconds.
    }
  }

  @Test
  void a_value_the_sdk_refuses_is_named_by_its_variable() {
    assertThatThrownBy(
            () -> Telemetry.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "zipkin"), "relay"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OTEL_TRACES_EXPORTER")
        .hasMessageContaining("zipkin")
        .hasMessageNotContaining("otel.traces.exporter");
  }

  @Test
  void a_protocol_whose_sender_is_not_bundled_is_refused_with_the_sdks_reason() {
    assertThatThrownBy(
            () ->
                Telemetry.fromEnvironment(
                    Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
                    "relay"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GrpcSender");
  }

  @Test
  void the_variables_override_the_defaults() {
    try (Telemetry telemetry =
        Telemetry.fromEnvironment(
            Map.of(
                "OTEL_TRACES_EXPORTER", "logging",
                "OTEL_SERVICE_NAME", "shop-customers",
                "OTEL_TRACES_SAMPLER", "always_off"),
            "customer-app")) {
      assertThat(telemetry.describe())
          .isEqualTo("traces of shop-customers to logging, sampler always_off");
      Span span = telemetry.openTelemetry().getTracer("test").spanBuilder("probe").startSpan();
      assertThat(span.isRecording()).isFalse();
      span.end();
    }
  }
}
