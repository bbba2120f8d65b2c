package dev.outbox.cli.verify;

import dev.outbox.cli.db.DbOptions;
import dev.outbox.config.JdbcUrl;
import dev.outbox.reference.db.ServiceDatabase;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code outbox verify}: compares every replica declared in the service databases (their {@code
 * replica} tables) with its source, through the two digest views each declaration names. See
 * docs/verify.md.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Compare each replica with its source and report the rows that differ (docs/verify.md).",
      "A replica is a copy a consumer keeps of another service's aggregates, declared in the"
          + " replica table of its database. Both digest views are read in"
          + " batches in the same order, without locks, and merged by id. An id only in the source"
          + " is missing, only in the replica extra; a replica version behind the source's is"
          + " stale (by how many versions); the same version with another digest, or a replica"
          + " ahead of its source, is differing. What differs is looked at again after the grace"
          + " period (and again, up to 3 times, while a version still moves), so that events in"
          + " flight are not reported.",
      "Progress goes to stderr; the report to stdout, with the first 20 ids per replica (all with"
          + " --json).",
      "Exit code: 0 every replica equals its source; 1 a replica differs; 2 bad usage, a database"
          + " that cannot be reached or read, or a declaration that names no view (the message"
          + " says what to do)."
    })
public final class VerifyCommand implements Callable<Integer> {

  static final int MAX_BATCH_SIZE = 100_000;

  @Mixin DbOptions db;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON document (every differing id).")
  boolean json;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "Wait this long before looking again at what differed: 500ms, 10s, 2m or PT10S"
              + " (default: ${DEFAULT-VALUE}; env OUTBOX_VERIFY_GRACE).")
  Duration grace;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description =
          "Ids read per statement, 1 to 100000 (default: ${DEFAULT-VALUE}; env"
              + " OUTBOX_VERIFY_BATCH_SIZE).")
  int batchSize;

  @Option(
      names = "--replica",
      paramLabel = "NAME",
      description = "Only this replica (repeatable; default: every declared one).")
  List<String> only = new ArrayList<>();

  @Option(
      names = "--source-url",
      paramLabel = "DATABASE=JDBC_URL",
      description =
          "Where a source database is when it is not on the --db-host server, e.g. customers="
              + "jdbc:postgresql://other:5432/customers (repeatable). Its login is --db-user and"
              + " --db-password, unless the URL has user= (and password=) parameters.")
  Map<String, String> sourceUrls = new LinkedHashMap<>();

  @Override
  public Integer call() {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new ParameterException(
          spec.commandLine(),
          "--batch-size must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSize);
    }
    SourceDatabases sources = new SourceDatabases(db, parsedSourceUrls());
    PrintStream out = System.out;
    try {
      List<ReplicaVerdict> verdicts =
          compare(
              db, sources, grace, batchSize, only, new ProgressLine(System.err, System::nanoTime));
      if (json) {
        out.println(JsonReport.of(verdicts, grace, Instant.now()));
      } else {
        new TextReport(out, grace).print(verdicts);
      }
      return verdicts.stream().allMatch(ReplicaVerdict::equal) ? 0 : 1;
    } catch (VerifyException e) {
      System.err.println("verify: " + e.getMessage());
      if (json) {
        out.println(JsonReport.error(e.getMessage(), Instant.now()));
      }
      return 2;
    }
  }

  /**
   * One replica's verdict, for a caller that is not this command (the console).
   *
   * @param replica the replica's name
   * @param verdict {@code MATCH}, {@code DIFFERENT} or {@code ERROR}
   * @param summary one line: {@code 1,204 rows, 0 differences}, or what went wrong
   */
  public record Outcome(String replica, String verdict, String summary) {}

  /**
   * Compares every declared replica with its source, as {@code bin/outbox verify} does with the
   * same options (its progress is not shown); a run that cannot compare gives one {@code ERROR}
   * outcome whose summary says why.
   */
  public static List<Outcome> verifyAll(DbOptions db, Duration grace, int batchSize) {
    ProgressLine quiet =
        new ProgressLine(
            new PrintStream(java.io.OutputStream.nullOutputStream()), System::nanoTime);
    try {
      return compare(db, new SourceDatabases(db, Map.of()), grace, batchSize, List.of(), quiet)
          .stream()
          .map(VerifyCommand::outcome)
          .toList();
    } catch (VerifyException e) {
      return List.of(new Outcome("every replica", "ERROR", e.getMessage()));
    }
  }

  private static Outcome outcome(ReplicaVerdict v) {
    int differences = v.differences().size();
    String summary =
        String.format(
            java.util.Locale.ROOT,
            "%,d rows, %,d differences",
            v.firstLook().compared(),
            differences);
    if (differences > 0) {
      summary +=
          ": "
              + v.counts().entrySet().stream()
                  .filter(e -> e.getValue() > 0)
                  .map(e -> e.getValue() + " " + e.getKey().label())
                  .collect(Collectors.joining(", "));
    }
    return new Outcome(v.replica().name(), v.equal() ? "MATCH" : "DIFFERENT", summary);
  }

  /**
   * The verdict of each replica to verify (every declared one when {@code only} is empty).
   *
   * @throws VerifyException when a database cannot be reached or read, or nothing is declared
   */
  private static List<ReplicaVerdict> compare(
      DbOptions db,
      SourceDatabases sources,
      Duration grace,
      int batchSize,
      List<String> only,
      ProgressLine progress) {
    Map<String, Connection> replicaDbs = new LinkedHashMap<>();
    ExecutorService readers =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "verify-reader");
              t.setDaemon(true);
              return t;
            });
    try {
      List<ReplicaDeclaration> replicas = declarations(db, only, replicaDbs);
      ReplicaCheck check =
          new ReplicaCheck(batchSize, grace, d -> Thread.sleep(d.toMillis()), progress, readers);
      List<ReplicaVerdict> verdicts = new ArrayList<>();
      for (ReplicaDeclaration replica : replicas) {
        try (Connection source = sources.connect(replica.sourceDatabase())) {
          verdicts.add(
              check.run(
                  replica,
                  replicaDbs.get(replica.database()),
                  source,
                  sources.describe(replica.sourceDatabase())));
        } catch (SQLException e) {
          throw new VerifyException("closing a connection failed: " + e.getMessage(), e);
        }
      }
      return verdicts;
    } finally {
      readers.shutdownNow();
      replicaDbs.values().forEach(VerifyCommand::closeQuietly);
    }
  }

  /** The replicas to verify, each service database connected to on the way. */
  private static List<ReplicaDeclaration> declarations(
      DbOptions db, List<String> only, Map<String, Connection> connections) {
    List<ReplicaDeclaration> declared = new ArrayList<>();
    for (ServiceDatabase service : ServiceDatabase.values()) {
      Connection c;
      try {
        c = db.connect(service);
      } catch (SQLException e) {
        throw new VerifyException(
            e.getMessage()
                + " (check --db-host, --db-port, --db-user, --db-password or their OUTBOX_DB_*"
                + " variables)",
            e);
      }
      connections.put(service.databaseName(), c);
      declared.addAll(ReplicaDeclaration.readAll(c, service.databaseName()));
    }
    if (declared.isEmpty()) {
      throw new VerifyException(
          "no replica is declared in "
              + connections.keySet()
              + " (table replica): nothing to compare; a service declares its copies in its"
              + " migrations (docs/verify.md)");
    }
    if (only.isEmpty()) {
      return declared;
    }
    List<String> unknown =
        only.stream().filter(n -> declared.stream().noneMatch(r -> r.name().equals(n))).toList();
    if (!unknown.isEmpty()) {
      throw new VerifyException(
          "no replica called "
              + String.join(", ", unknown)
              + "; declared: "
              + declared.stream()
                  .map(r -> r.name() + " (in " + r.database() + ")")
                  .collect(Collectors.joining(", ")));
    }
    return declared.stream().filter(r -> only.contains(r.name())).toList();
  }

  private Map<String, JdbcUrl> parsedSourceUrls() {
    Map<String, JdbcUrl> urls = new LinkedHashMap<>();
    sourceUrls.forEach(
        (name, url) -> {
          try {
            urls.put(name, JdbcUrl.parse(url));
          } catch (IllegalArgumentException e) {
            throw new ParameterException(
                spec.commandLine(), "--source-url " + name + "= " + e.getMessage());
          }
        });
    return urls;
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Nothing was written; a failed close changes no result.
    }
  }
}
