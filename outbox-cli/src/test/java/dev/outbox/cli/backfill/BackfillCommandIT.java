package dev.outbox.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code outbox backfill} run as an operator runs it: the operator jar ({@code
 * target/outbox-cli.jar}) as a process of its own against a real PostgreSQL. Killed with SIGKILL
 * midway, a second run resumes the same backfill from its stored position, and every customer ends
 * with exactly one snapshot of it.
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillCommandIT {

  private static final Path JAR = Path.of("target", "outbox-cli.jar");
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final Pattern STARTED = Pattern.compile("started backfill ([0-9a-f-]{36})");

  private OutboxStack stack;

  @BeforeAll
  void start(OutboxStack stack) {
    this.stack = stack;
  }

  /** What a run printed (stdout and stderr) and its exit status. */
  private record Run(int exit, String output) {}

  private ProcessBuilder outbox(DbLogin login, Path output, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    if (login != null) {
      command.add("--db-port=" + stack.postgres().port());
      command.add("--db-user=" + login.user());
      // The password goes through the environment, as an operator's would.
      builder.environment().putAll(Map.of("OUTBOX_DB_PASSWORD", login.password()));
    }
    builder.command(command);
    return builder.redirectErrorStream(true).redirectOutput(output.toFile());
  }

  private Run run(DbLogin login, String... args) throws IOException, InterruptedException {
    Path output = Files.createTempFile("outbox-backfill-", ".out");
    Process process = outbox(login, output, args).start();
    assertThat(process.waitFor(WAIT.toMinutes(), TimeUnit.MINUTES))
        .as("backfill %s ends", List.of(args))
        .isTrue();
    String text = Files.readString(output);
    System.out.println("$ outbox " + String.join(" ", args) + "\n" + text);
    return new Run(process.exitValue(), text);
  }

  private DbLogin admin() {
    return stack.postgres().admin();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(ServiceDatabase.CUSTOMERS), admin().user(), admin().password());
  }

  private List<String> customers(int count) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO customer (id, name, email, address, credit_limit, version,"
                    + " created_at, updated_at) VALUES (?::uuid, 'Customer', 'c@example.com',"
                    + " 'Street', 100.00, 1, now(), now())")) {
      c.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        String id = UUID.randomUUID().toString();
        ps.setString(1, id);
        ps.addBatch();
        ids.add(id);
      }
      ps.executeBatch();
      c.commit();
    }
    return ids;
  }

  private long number(String sql) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String text(String sql) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static UUID startedId(String output) {
    Matcher m = STARTED.matcher(output);
    assertThat(m.find()).as("the start line in:%n%s", output).isTrue();
    return UUID.fromString(m.group(1));
  }

  @Test
  void a_backfill_killed_midway_resumes_from_its_stored_position_with_no_double_snapshot()
      throws Exception {
    customers(10_000);
    // Small batches, so that the run is still going when the stored progress has moved.
    Path firstOutput = Files.createTempFile("outbox-backfill-killed-", ".out");
    Process first =
        outbox(admin(), firstOutput, "backfill", "customers", "customer", "--batch-size=20")
            .start();
    UUID backfill;
    long total;
    try {
      await().atMost(WAIT).until(() -> STARTED.matcher(Files.readString(firstOutput)).find());
      backfill = startedId(Files.readString(firstOutput));
      total = number("SELECT expected_total FROM backfill WHERE id = '" + backfill + "'");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  number("SELECT emitted FROM backfill WHERE id = '" + backfill + "'") >= 1_000
                      || !first.isAlive());
      assertThat(first.isAlive()).as("still running when killed").isTrue();
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no last words
    }
    assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(first.exitValue()).isEqualTo(137);
    // A step the server was running when the client died still ends (commits or not) on its own.
    await()
        .atMost(WAIT)
        .until(
            () ->
                number(
                        "SELECT count(*) FROM pg_stat_activity"
                            + " WHERE application_name = 'outbox backfill'")
                    == 0);

    long stored = number("SELECT emitted FROM backfill WHERE id = '" + backfill + "'");
    String storedAfter = text("SELECT resume_after FROM backfill WHERE id = '" + backfill + "'");
    assertThat(text("SELECT status FROM backfill WHERE id = '" + backfill + "'"))
        .isEqualTo("running");
    assertThat(stored).isBetween(1_000L, total - 1);
    assertThat(number("SELECT count(*) FROM outbox WHERE backfill_id = '" + backfill + "'"))
        .as("the snapshots committed are exactly those the stored count says")
        .isEqualTo(stored);

    Run second = run(admin(), "backfill", "customers", "customer", "--batch-size=500");

    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.output())
        .contains("resuming backfill " + backfill + " of customer (running, started ")
        .contains(") at " + stored + "/" + total + ", after id " + storedAfter)
        .contains("backfill " + backfill + " of customer: " + total + " snapshots")
        .contains("(" + (total - stored) + " in this run)")
        .doesNotContain("started backfill");
    assertThat(text("SELECT status FROM backfill WHERE id = '" + backfill + "'")).isEqualTo("done");
    assertThat(number("SELECT emitted FROM backfill WHERE id = '" + backfill + "'"))
        .isEqualTo(total);
    // Every customer exactly one snapshot of this backfill, none missing, none twice.
    assertThat(
            number(
                "SELECT count(*) FROM customer c WHERE (SELECT count(*) FROM outbox o"
                    + " WHERE o.backfill_id = '"
                    + backfill
                    + "' AND o.aggregate_id = c.id::text) <> 1"))
        .isZero();
    assertThat(number("SELECT count(*) FROM outbox WHERE backfill_id = '" + backfill + "'"))
        .isEqualTo(number("SELECT count(*) FROM customer"));

    // Done: the next run starts a new backfill rather than resuming this one.
    Run third = run(admin(), "backfill", "customers", "customer", "--batch-size=5000");
    assertThat(third.exit()).isZero();
    assertThat(startedId(third.output())).isNotEqualTo(backfill);
  }

  @Test
  void with_ids_an_operator_role_emits_only_those_and_reports_the_ones_not_found()
      throws Exception {
    List<String> ids = customers(3);
    DbLogin operator = new DbLogin("backfill_cli_operator", "cli-operator-password");
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname ="
              + " 'backfill_cli_operator') THEN CREATE ROLE backfill_cli_operator LOGIN PASSWORD"
              + " 'cli-operator-password' IN ROLE outbox_operator; END IF; END $$");
      st.execute("GRANT CONNECT ON DATABASE customers TO backfill_cli_operator");
    }

    Run run =
        run(
            operator,
            "backfill",
            "customers",
            "customer",
            "--ids=" + ids.get(0) + ", " + ids.get(2) + ",not-a-customer," + ids.get(0));

    assertThat(run.exit()).as(run.output()).isZero();
    UUID backfill = startedId(run.output());
    assertThat(run.output())
        .contains("1 repeated id(s) of --ids count once")
        .contains("(3 id(s) asked): 2 aggregate(s)")
        .contains("1 id(s) not found, so not emitted: not-a-customer")
        .contains("backfill " + backfill + " of customer: 2 snapshots");
    assertThat(
            number(
                "SELECT count(*) FROM outbox WHERE backfill_id = '"
                    + backfill
                    + "' AND aggregate_id IN ('"
                    + ids.get(0)
                    + "', '"
                    + ids.get(2)
                    + "')"))
        .isEqualTo(2);
    assertThat(number("SELECT count(*) FROM outbox WHERE backfill_id = '" + backfill + "'"))
        .isEqualTo(2);
    assertThat(text("SELECT requested_by FROM backfill WHERE id = '" + backfill + "'"))
        .isEqualTo("cli");
  }

  @Test
  void restart_cancels_the_unfinished_backfill_of_the_same_ids_and_starts_a_new_one()
      throws Exception {
    String id = customers(1).get(0);
    String unfinished = text("SELECT backfill_start('customer', ARRAY['" + id + "'], 'cli')");

    Run run = run(admin(), "backfill", "customers", "customer", "--ids=" + id, "--restart");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("cancelled unfinished backfill " + unfinished + " at 0/1");
    assertThat(startedId(run.output()).toString()).isNotEqualTo(unfinished);
    assertThat(text("SELECT status FROM backfill WHERE id = '" + unfinished + "'"))
        .isEqualTo("cancelled");
    assertThat(number("SELECT count(*) FROM outbox WHERE backfill_id = '" + unfinished + "'"))
        .isZero();
  }

  @Test
  void an_undeclared_aggregate_type_or_a_bad_id_list_is_refused_with_exit_2() throws Exception {
    Run unknown = run(admin(), "backfill", "customers", "client");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.output())
        .contains("the customers database has no state source for aggregate type 'client'")
        .contains("it declares customer");

    Run none = run(admin(), "backfill", "orders", "customer");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.output()).contains("it declares none");

    Run badIds = run(admin(), "backfill", "customers", "customer", "--ids=a,,b");
    assertThat(badIds.exit()).isEqualTo(2);
    assertThat(badIds.output()).contains("--ids 'a,,b' is not a list of ids: id 2 of 3 is empty");

    Run badBatch = run(admin(), "backfill", "customers", "customer", "--batch-size=0");
    assertThat(badBatch.exit()).isEqualTo(2);
    assertThat(badBatch.output()).contains("--batch-size must be between 1 and 100000");

    Run unknownDatabase = run(admin(), "backfill", "invoices", "customer");
    assertThat(unknownDatabase.exit()).isEqualTo(2);
    assertThat(unknownDatabase.output()).contains("Unknown service database 'invoices'");

    assertThat(number("SELECT count(*) FROM backfill WHERE aggregate_type = 'client'")).isZero();
  }

  @Test
  void the_operator_jar_lists_backfill_in_its_help() throws Exception {
    Run help = run(null, "--help");
    assertThat(help.output()).contains("backfill");
    Run own = run(null, "backfill", "--help");
    assertThat(own.output()).contains("--ids", "--batch-size", "--restart", "backfill_progress");
  }
}
