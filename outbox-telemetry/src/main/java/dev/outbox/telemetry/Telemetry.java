package dev.outbox.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry of one process, off unless its environment asks for traces.
 *
 * <p>Tracing is on when {@code OTEL_TRACES_EXPORTER} names an exporter other than {@code none}, or
 * an OTLP endpoint ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) is set, and {@code OTEL_SDK_DISABLED} is not {@code true}.
 * Then the SDK's autoconfiguration reads every standard {@code OTEL_*} variable, with these
 * defaults of ours where a variable is absent: the process's service name, the OTLP protocol {@code
 * http/protobuf} (sent with the JDK's HTTP client, so the endpoint defaults to {@code
 * http://localhost:4318}), and no metrics or logs exporter (metrics are on {@code /metrics} for
 * Prometheus; logs stay in the process's log). Otherwise it is the API's no-op, which costs nothing
 * and still carries a trace that came in with a request or an event.
 */
public final class Telemetry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);

  /** Without an exporter named, an OTLP endpoint alone asks for traces. */
  private static final List<String> OTLP_ENDPOINTS =
      List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");

  /**
   * The lines of {@code java.util.logging} (the SDK's own, the logging exporter's spans) one line
   * each, like the process's own log: {@code <time> <level> [jul] <logger> - <message>}.
   */
  static final String JUL_FORMAT =
      "%1$tY-%1$tm-%1$tdT%1$tH:%1$tM:%1$tS.%1$tL%1$tz %4$-5s [jul] %3$s - %5$s%6$s%n";

  private static final String JUL_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";
  private static final Pattern OTEL_PROPERTY = Pattern.compile("\\botel(\\.[a-z0-9_]+)+");

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk sdk;
  private final String description;

  private Telemetry(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, String description) {
    this.openTelemetry = openTelemetry;
    this.sdk = sdk;
    this.description = description;
  }

  /**
   * Makes {@code java.util.logging} (where the SDK and its logging exporter write, on stderr) print
   * one line per record; a main calls it before anything logs through it. A {@code
   * -Djava.util.logging.SimpleFormatter.format} given to the JVM wins.
   */
  public static void oneLineJavaUtilLogging() {
    if (System.getProperty(JUL_FORMAT_PROPERTY) == null) {
      System.setProperty(JUL_FORMAT_PROPERTY, JUL_FORMAT);
    }
  }

  /** The process's own environment. */
  public static Telemetry fromEnvironment(String serviceName) {
    return fromEnvironment(System.getenv(), serviceName);
  }

  /**
   * @param env the variables to read ({@code OTEL_*}; others are ignored)
   * @param serviceName {@code service.name} unless {@code OTEL_SERVICE_NAME} sets it
   * @throws IllegalArgumentException when the SDK refuses a value, naming the variable ({@code
   *     Unrecognized value for OTEL_TRACES_EXPORTER: zipkin})
   */
  public static Telemetry fromEnvironment(Map<String, String> env, String serviceName) {
    Objects.requireNonNull(serviceName, "serviceName");
    if (!tracesRequested(env)) {
      return off();
    }
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", serviceName);
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    Map<String, String> given = asProperties(env);
    OpenTelemetrySdk sdk;
    try {
      sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> defaults)
              .addPropertiesCustomizer(config -> given)
              .disableShutdownHook()
              .build()
              .getOpenTelemetrySdk();
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException(variableNames(reason(e)), e);
    }
    Map<String, String> effective = new HashMap<>(defaults);
    effective.putAll(given);
    String description =
        "traces of "
            + effective.get("otel.service.name")
            + " to "
            + describeExporter(effective)
            + ", sampler "
            + effective.getOrDefault("otel.traces.sampler", "parentbased_always_on");
    return new Telemetry(sdk, sdk, description);
  }

  /** Off: the API's no-op. */
  public static Telemetry off() {
    return new Telemetry(OpenTelemetry.noop(), null, "off (set OTEL_TRACES_EXPORTER to trace)");
  }

  /** Whether these variables ask for traces. */
  static boolean tracesRequested(Map<String, String> env) {
    if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").trim())) {
      return false;
    }
    String exporter = env.get("OTEL_TRACES_EXPORTER");
    if (exporter != null && !exporter.isBlank()) {
      return !exporter.trim().equalsIgnoreCase("none");
    }
    return OTLP_ENDPOINTS.stream().map(env::get).anyMatch(v -> v != null && !v.isBlank());
  }

  /** The SDK's message, with its cause's when it only says that something went wrong. */
  private static String reason(ConfigurationException e) {
    String message = String.valueOf(e.getMessage());
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      return message + ": " + cause.getMessage();
    }
    return message;
  }

  /** The SDK's messages name properties ({@code otel.traces.exporter}); users set variables. */
  static String variableNames(String message) {
    return OTEL_PROPERTY
        .matcher(message)
        .replaceAll(m -> m.group().toUpperCase(Locale.ROOT).replace('.', '_'));
  }

  private static Map<String, String> asProperties(Map<String, String> env) {
    Map<String, String> properties = new HashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_") && value != null && !value.isBlank()) {
            properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
          }
        });
    return properties;
  }

  private static String describeExporter(Map<String, String> properties) {
    String exporter = properties.getOrDefault("otel.traces.exporter", "otlp");
    if (!exporter.contains("otlp")) {
      return exporter;
    }
    String endpoint =
        properties.getOrDefault(
            "otel.exporter.otlp.traces.endpoint",
            properties.getOrDefault("otel.exporter.otlp.endpoint", "http://localhost:4318"));
    String protocol =
        properties.getOrDefault(
            "otel.exporter.otlp.traces.protocol", properties.get("otel.exporter.otlp.protocol"));
    return exporter + " " + protocol + " " + endpoint;
  }

  /** The API to build spans with: the SDK when tracing is on, else the no-op. */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** Whether spans are recorded and exported. */
  public boolean enabled() {
    return sdk != null;
  }

  /** One line for the startup log: where traces go, or that they are off. */
  public String describe() {
    return description;
  }

  /** Exports the spans still buffered and stops the SDK; waits at most ten seconds. */
  @Override
  public void close() {
    if (sdk == null) {
      return;
    }
    CompletableResultCode done = sdk.shutdown().join(10, TimeUnit.SECONDS);
    if (!done.isSuccess()) {
      LOG.warn(
          "Telemetry - spans not all exported at shutdown; check that the collector at the"
              + " OTEL_EXPORTER_OTLP_ENDPOINT is reachable");
    }
  }

  @Override
  public String toString() {
    return "Telemetry[" + description + "]";
  }
}
