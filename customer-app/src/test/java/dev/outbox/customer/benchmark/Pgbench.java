package dev.outbox.customer.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL's own load generator on the same transaction as {@link CommitLoop} (the customer row
 * and its outbox row, then the commit), when a {@code pgbench} is installed (Debian's
 * postgresql-client or the server package's {@code bin}): the figure the issue quotes, measured in
 * the same run. Its CPU is not counted with the JVM's.
 */
final class Pgbench {

  private static final String SCRIPT =
      """
      \\set n random(1, 1000000000000000)
      BEGIN;
      INSERT INTO customer (id, name, email, address, credit_limit, reserved_credit, version,
        created_at, updated_at, deleted_at)
        VALUES (md5(:n::text)::uuid, 'Customer ' || :n, 'pgbench-' || :n || '@example.com',
        '%1$s', 1500.50, 0.00, 1, now(), now(), NULL);
      INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,
        schema_version, payload, occurred_at, trace_parent)
        VALUES (gen_random_uuid(), 'customer', md5(:n::text), 1, 'CustomerCreated', 1,
        jsonb_build_object('customer', jsonb_build_object('id', md5(:n::text)::uuid,
          'name', 'Customer ' || :n, 'email', 'pgbench-' || :n || '@example.com',
          'address', '%1$s', 'creditLimit', 1500.50, 'reservedCredit', 0.00, 'version', 1,
          'createdAt', now(), 'updatedAt', now(), 'deletedAt', NULL)),
        now(), NULL);
      END;
      """;
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial");

  private final Path pgbench;
  private final Path script;
  private final List<String> target;
  private final String password;

  private Pgbench(Path pgbench, Path script, List<String> target, String password) {
    this.pgbench = pgbench;
    this.script = script;
    this.target = target;
    this.password = password;
  }

  /** A pgbench for the database at {@code host:port}, or empty when none is installed. */
  static Optional<Pgbench> find(
      String host, int port, String database, String user, String password) throws IOException {
    Optional<Path> installed = installed();
    if (installed.isEmpty()) {
      return Optional.empty();
    }
    Path script = Files.createTempFile("http-benchmark-", ".pgbench");
    script.toFile().deleteOnExit();
    Files.writeString(script, SCRIPT.formatted(HttpBenchmark.ADDRESS), StandardCharsets.UTF_8);
    return Optional.of(
        new Pgbench(
            installed.get(),
            script,
            List.of("-h", host, "-p", Integer.toString(port), "-U", user, database),
            password));
  }

  private static Optional<Path> installed() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "pgbench");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(debian)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(debian)) {
      return versions
          .map(version -> version.resolve("bin/pgbench"))
          .filter(Files::isExecutable)
          .sorted()
          .reduce((older, newer) -> newer);
    }
  }

  /** Commits per second of {@code clients} connections over {@code duration}. */
  double commitsPerSecond(int clients, Duration duration) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(pgbench.toString());
    command.addAll(
        List.of(
            "-n",
            "-M",
            "prepared",
            "-c",
            Integer.toString(clients),
            "-j",
            Integer.toString(Math.min(clients, 2)),
            "-T",
            Long.toString(duration.toSeconds()),
            "-f",
            script.toString()));
    command.addAll(target);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("PGPASSWORD", password);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    Matcher tps = TPS.matcher(output);
    if (exit != 0 || !tps.find()) {
      throw new IOException("pgbench failed (exit " + exit + "):\n" + output);
    }
    return Double.parseDouble(tps.group(1));
  }
}
