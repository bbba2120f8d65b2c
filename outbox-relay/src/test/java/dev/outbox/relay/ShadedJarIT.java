package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar keeps what Debezium and Kafka Connect find through {@code META-INF/services}:
 * shading merges those files, and a lost line only shows at run time.
 */
class ShadedJarIT {

  @Test
  void shaded_jar_is_runnable_and_keeps_every_service_registration() throws IOException {
    try (JarFile jar =
        new JarFile(
            Paths.get(System.getProperty("relay.jar", "target/outbox-relay.jar")).toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.outbox.relay.Main");
      assertThat(service(jar, "org.apache.kafka.connect.source.SourceConnector"))
          .contains("io.debezium.connector.postgresql.PostgresConnector");
      assertThat(service(jar, "io.debezium.engine.DebeziumEngine$BuilderFactory"))
          .contains("io.debezium.embedded.async.ConvertingAsyncEngineBuilderFactory");
      assertThat(service(jar, "io.debezium.snapshot.spi.SnapshotLock"))
          .contains("io.debezium.connector.postgresql.snapshot.lock.NoSnapshotLock");
      assertThat(service(jar, "io.debezium.snapshot.spi.SnapshotQuery"))
          .contains("io.debezium.connector.postgresql.snapshot.query.SelectAllSnapshotQuery");
      assertThat(service(jar, "java.sql.Driver")).contains("org.postgresql.Driver");
      // The relay's queue, which Debezium finds by its queue.provider.type, beside Debezium's own.
      assertThat(service(jar, "io.debezium.connector.base.QueueProvider"))
          .contains("dev.outbox.relay.stream.SignallingQueue")
          .contains("io.debezium.connector.base.DefaultQueueProvider");
      // OpenTelemetry's autoconfiguration finds the exporters of OTEL_TRACES_EXPORTER, and the
      // OTLP exporter its HTTP sender (the JDK's client), the same way.
      assertThat(
              service(
                  jar,
                  "io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider"))
          .contains("io.opentelemetry.exporter.otlp.internal.OtlpSpanExporterProvider")
          .contains("io.opentelemetry.exporter.logging.internal.LoggingSpanExporterProvider");
      assertThat(service(jar, "io.opentelemetry.sdk.common.export.HttpSenderProvider"))
          .contains("io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider");
      assertThat(service(jar, "io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider"))
          .contains("io.opentelemetry.sdk.autoconfigure.EnvironmentResourceProvider");
    }
  }

  @Test
  void shaded_jar_carries_the_relay_s_event_formatter_instead_of_debezium_s() throws IOException {
    String name = "io/debezium/pipeline/source/spi/EventFormatter.class";
    try (JarFile jar =
            new JarFile(
                Paths.get(System.getProperty("relay.jar", "target/outbox-relay.jar")).toFile());
        InputStream own = Files.newInputStream(Paths.get("target", "classes", name))) {
      ZipEntry entry = jar.getEntry(name);
      assertThat(entry).as(name).isNotNull();
      try (InputStream shaded = jar.getInputStream(entry)) {
        assertThat(shaded.readAllBytes()).isEqualTo(own.readAllBytes());
      }
    }
  }

  @Test
  void shaded_jar_carries_no_test_or_development_infrastructure() throws IOException {
    try (JarFile jar =
        new JarFile(
            Paths.get(System.getProperty("relay.jar", "target/outbox-relay.jar")).toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      assertThat(names).contains("dev/outbox/relay/Main.class");
      for (String unwanted :
          List.of(
              "io/zonky/", // embedded PostgreSQL
              "kafka/server/", // the Kafka broker of the embedded stack
              "kafka/Kafka.class",
              "dev/outbox/stack/",
              "dev/outbox/reference/",
              "org/junit/",
              "org/assertj/",
              "org/awaitility/",
              "org/testcontainers/",
              "org/jooq/",
              // Kafka Connect's REST server, which the embedded engine never runs.
              "org/eclipse/jetty/",
              "org/glassfish/",
              "jakarta/ws/rs/",
              "io/swagger/",
              "io/github/classgraph/")) {
        assertThat(names).as(unwanted).noneMatch(n -> n.startsWith(unwanted));
      }
    }
  }

  private static String service(JarFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry("META-INF/services/" + name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
