package dev.outbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator jar ({@code target/outbox-cli.jar}, the {@code cli} image) is a production artifact:
 * it carries the operator commands and what they need, and nothing of the local run or the tests.
 * An IT because the jar exists only after {@code package}.
 */
class OperatorJarIT {

  private static final Path JAR = Path.of("target", "outbox-cli.jar");

  /** Folders of classes the jar must not hold, with what they are. */
  private static final List<String> FORBIDDEN =
      List.of(
          "io/zonky/", // the embedded PostgreSQL
          "kafka/server/", // the Kafka broker (kafka_2.13)
          "kafka/tools/",
          "org/apache/kafka/server/",
          "org/testcontainers/",
          "org/junit/",
          "org/jooq/codegen/",
          "org/jooq/meta/",
          "dev/outbox/stack/", // embedded-stack
          "dev/outbox/local/"); // outbox-local

  @Test
  void the_operator_jar_carries_no_development_or_test_tooling() throws IOException {
    assertThat(JAR).as("built by package").exists();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .as("the operator commands themselves")
          .contains(
              "dev/outbox/cli/OutboxCli.class",
              "dev/outbox/cli/verify/VerifyCommand.class",
              "dev/outbox/cli/schema/SchemaCheckCommand.class",
              "org/postgresql/Driver.class");
      assertThat(names)
          .as("schema check's validator: its meta-schemas and message bundle")
          .contains("draft/2020-12/schema", "draft/2020-12/meta/core", "jsv-messages.properties");
      for (String folder : FORBIDDEN) {
        assertThat(names).as(folder).noneMatch(n -> n.startsWith(folder));
      }
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.outbox.cli.OutboxCli");
    }
    assertThat(Files.size(JAR)).as("a small jar").isLessThan(40L * 1024 * 1024);
  }

  @Test
  void schema_check_validates_from_the_jar_alone(@TempDir Path contracts)
      throws IOException, InterruptedException {
    Path schema = contracts.resolve("schemas/shop/ItemAdded.v1.schema.json");
    Files.createDirectories(schema.getParent());
    Files.writeString(
        schema,
        """
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "properties": {"sku": {"type": "string", "pattern": "^[A-Z]+$"},
                        "at": {"type": "string", "format": "date-time"}},
         "examples": [{"sku": "lower", "at": "yesterday"}]}
        """);
    Path out = contracts.resolve("out.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-Doutbox.log.file=target/cli-it.log",
                "-jar",
                JAR.toString(),
                "schema",
                "check",
                "--contracts",
                contracts.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("schema check ends").isTrue();
    String printed = Files.readString(out);
    assertThat(process.exitValue()).as(printed).isEqualTo(1);
    // The meta-schema and the messages come from the validator's resources in the jar.
    assertThat(printed)
        .contains("v1 example 1  $.sku: does not match the regex pattern ^[A-Z]+$ [pattern]")
        .contains("v1 example 1  $.at: ")
        .contains("[format]");
  }
}
