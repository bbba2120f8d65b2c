package dev.outbox.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.cli.OutboxCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code outbox schema check} run in process, on the repository's contracts and on broken ones. */
class SchemaCheckCommandTest {

  /** The repository's contracts folder, from this module's folder. */
  private static final Path CONTRACTS = Path.of("..", "contracts");

  @TempDir Path folder;

  private record Run(int exit, String out, String err) {}

  private static Run check(Map<String, String> env, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      List<String> all = new ArrayList<>(List.of("schema", "check"));
      all.addAll(List.of(args));
      int exit = OutboxCli.execute(all.toArray(String[]::new), env, null, System.err);
      return new Run(
          exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** A closed schema of {@code shop/OrderShipped} whose status takes these values. */
  private void orderShipped(int version, String statuses) throws IOException {
    Path file = folder.resolve("schemas/shop/OrderShipped.v" + version + ".schema.json");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        ("{'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id':"
                + " 'urn:test:OrderShipped:v%d', 'type': 'object', 'additionalProperties': false,"
                + " 'required': ['status'], 'properties': {'status': {'enum': [%s]}},"
                + " 'examples': [{'status': 'SHIPPED'}]}")
            .formatted(version, statuses)
            .replace('\'', '"'));
  }

  @Test
  void the_repository_contracts_pass() {
    Run run = check(Map.of(), "--contracts", CONTRACTS.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^customer/CustomerUpdated +v1(\\.\\.v[0-9]+)? +[A-Z]+ +ok$")
        .containsPattern("(?m)^order/OrderPlaced +v1(\\.\\.v[0-9]+)? +[A-Z]+ +ok$")
        .contains(": all valid and compatible");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void the_folder_defaults_to_the_contracts_of_outbox_home() {
    Run run = check(Map.of("OUTBOX_HOME", ".."));

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("customer/CustomerUpdated");
  }

  @Test
  void an_incompatible_version_exits_1_naming_the_type_the_versions_and_what_broke()
      throws IOException {
    orderShipped(1, "'SHIPPED', 'LOST'");
    orderShipped(2, "'SHIPPED'");

    Run run = check(Map.of(), "--contracts", folder.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            "shop/OrderShipped  v1..v2  FULL  1 problem\n"
                + "    v2 cannot read v1  $.status: enum narrowed: 'LOST' no longer allowed\n"
                + "1 problem in 1 event type: fix the schema or change the rule in "
                + folder.resolve("schemas").resolve("compatibility.json")
                + "\n");
  }

  @Test
  void a_missing_folder_exits_2_saying_what_to_pass() {
    Run run = check(Map.of("OUTBOX_HOME", folder.toString()));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(folder.resolve("contracts") + " holds no schemas/ folder")
        .contains("pass --contracts <folder>");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void an_unreadable_schema_exits_2_naming_the_file() throws IOException {
    orderShipped(1, "'SHIPPED'");
    Files.writeString(folder.resolve("schemas/shop/OrderShipped.v2.schema.json"), "{ not json");

    Run run = check(Map.of(), "--contracts", folder.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("schema check: shop/OrderShipped.v2.schema.json is not valid JSON");
  }

  @Test
  void schema_is_listed_in_the_help() {
    PrintStream out = System.out;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      assertThat(OutboxCli.execute(new String[] {"--help"}, Map.of(), null, System.err)).isZero();
      assertThat(OutboxCli.execute(new String[] {"schema"}, Map.of(), null, System.err)).isZero();
    } finally {
      System.setOut(out);
    }
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .containsPattern("\\n +schema +Check the event schemas")
        .containsPattern("\\n +check +Check the event schemas of a contracts folder");
  }
}
