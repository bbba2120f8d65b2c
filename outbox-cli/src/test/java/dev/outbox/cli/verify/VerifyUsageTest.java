package dev.outbox.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.cli.OutboxCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** verify's answers to bad input and to a server that does not answer: exit 2, saying why. */
class VerifyUsageTest {

  private record Run(int exit, String out, String err) {}

  private static Run verify(String... args) {
    return verify(Map.of(), args);
  }

  private static Run verify(Map<String, String> env, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      List<String> all = new ArrayList<>(List.of("verify"));
      all.addAll(List.of(args));
      int exit = OutboxCli.execute(all.toArray(String[]::new), env, null, System.err);
      return new Run(
          exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static String closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return Integer.toString(socket.getLocalPort());
    }
  }

  @Test
  void a_batch_size_out_of_range_is_refused() {
    Run run = verify("--batch-size", "0");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--batch-size must be between 1 and 100000, was 0");
  }

  @Test
  void a_grace_period_that_is_no_duration_is_refused() {
    Run run = verify("--grace", "soon");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("Invalid value for option '--grace'")
        .contains("must be a duration such as 500ms, 10s, 5m, 2h, 7d or PT10S");
    assertThat(verify("--grace", "PT-5S").err()).contains("must not be negative, was 'PT-5S'");
  }

  @Test
  void the_grace_period_and_batch_size_default_to_their_variables() {
    var parsed =
        OutboxCli.commandLine(
                Map.of("OUTBOX_VERIFY_GRACE", "250ms", "OUTBOX_VERIFY_BATCH_SIZE", "42"))
            .parseArgs("verify")
            .subcommand()
            .commandSpec();
    assertThat(parsed.findOption("--grace").<Duration>getValue()).isEqualTo(Duration.ofMillis(250));
    assertThat(parsed.findOption("--batch-size").<Integer>getValue()).isEqualTo(42);
    Run refused = verify(Map.of("OUTBOX_VERIFY_BATCH_SIZE", "0"));
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("OUTBOX_VERIFY_BATCH_SIZE");
  }

  @Test
  void a_source_url_that_is_no_jdbc_url_is_refused() {
    Run run = verify("--source-url", "customers=postgres://elsewhere/customers");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--source-url customers= must be a URL jdbc:postgresql://");
  }

  @Test
  void an_unreachable_server_exits_2_with_what_to_check() throws IOException {
    Run run = verify("--db-port", closedPort());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("verify: cannot connect to jdbc:postgresql://127.0.0.1:")
        .contains("check --db-host, --db-port, --db-user, --db-password");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void with_json_an_unreachable_server_is_an_error_document() throws IOException {
    Run run = verify("--json", "--db-port", closedPort());
    assertThat(run.exit()).isEqualTo(2);
    JsonNode document = new ObjectMapper().readTree(run.out());
    assertThat(document.get("result").asText()).isEqualTo("ERROR");
    assertThat(document.get("error").asText()).startsWith("cannot connect to");
    assertThat(document.get("replicas")).isEmpty();
  }

  @Test
  void verify_is_listed_in_the_help() {
    PrintStream out = System.out;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      assertThat(OutboxCli.execute(new String[] {"--help"}, Map.of(), null, System.err)).isZero();
    } finally {
      System.setOut(out);
    }
    assertThat(stdout.toString(StandardCharsets.UTF_8)).containsPattern("\\n +verify +Compare");
  }
}
