package dev.outbox.cli.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.outbox.cli.db.DbOptions;
import dev.outbox.cli.health.AppUrls;
import dev.outbox.cli.health.HealthClient;
import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.health.RelayUrls;
import dev.outbox.reference.db.ServiceDatabase;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code outbox status}: what every relay and app says of its health (every instance and standby of
 * a local run), and the relays, outboxes, consumers and parked events of both databases.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "One screen of health: what each relay and app answers on /health (state, reason, a"
          + " relay's role, a consumer's partitions, connection and view's age; every instance"
          + " and standby relay of a running 'bin/outbox up'), then for both service databases the relay"
          + " slots (active, lag, WAL held, heartbeat, stored position), outbox rates, consumers and"
          + " parked events.",
      "Exit code: 0 healthy; 1 unhealthy (a relay or app DOWN, DEGRADED or not answering (a"
          + " standby relay ready to take over is healthy), a database with no active relay or two,"
          + " a relay slot missing or inactive, lag over a threshold, parked events); 2 when the databases"
          + " cannot be read."
    })
public final class StatusCommand implements Callable<Integer> {

  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

  private static final List<String> URL_OPTIONS =
      List.of(
          "--customer-app-url", "--order-app-url", "--customers-relay-url", "--orders-relay-url");

  @Mixin DbOptions db;

  @Mixin AppUrls apps;

  @Mixin RelayUrls relays;

  @Option(names = "--json", description = "Print JSON for scripts instead of the screen.")
  boolean json;

  @Option(
      names = "--max-lag-bytes",
      description =
          "Unhealthy when a slot lags more WAL than this (default: ${DEFAULT-VALUE}; env"
              + " OUTBOX_MAX_LAG_BYTES).")
  long maxLagBytes;

  @Option(
      names = "--max-lag-seconds",
      description =
          "Unhealthy when the oldest unrelayed event is older than this (default:"
              + " ${DEFAULT-VALUE}; env OUTBOX_MAX_LAG_SECONDS).")
  long maxLagSeconds;

  @Option(
      names = "--home",
      description =
          "Where 'bin/outbox up' runs: while it runs, status asks every process its"
              + " .outbox/run/processes.json lists (every instance and standby), unless a --*-url"
              + " option or OUTBOX_*_URL is given (default: ${DEFAULT-VALUE}; env OUTBOX_HOME, set"
              + " by bin/outbox).")
  Path home;

  @Option(
      names = "--state-dir",
      description =
          "The state directory of that run, when 'bin/outbox up' was given one (default:"
              + " <home>/.outbox).")
  Path stateDirectory;

  @Spec CommandSpec spec;

  /** The processes to ask: the running {@code bin/outbox up}'s, else the URLs' (defaults). */
  StatusTargets targets(PrintStream err) {
    return StatusTargets.find(urlsGiven(), home, stateDirectory, apps, relays, err);
  }

  /** A URL given on the command line or in the environment: the user names what to ask. */
  boolean urlsGiven() {
    ParseResult parsed = spec == null ? null : spec.commandLine().getParseResult();
    for (String option : URL_OPTIONS) {
      if (parsed != null && parsed.hasMatchedOption(option)) {
        return true;
      }
    }
    return StatusTargets.notDefaults(apps, relays);
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    HealthRules rules = new HealthRules(maxLagBytes, Duration.ofSeconds(maxLagSeconds));
    StatusTargets targets = targets(System.err);
    Map<String, URI> bases = new LinkedHashMap<>();
    targets.processes().forEach(p -> bases.put(p.name(), p.url()));
    List<ProcessHealth> health = new HealthClient(HEALTH_TIMEOUT).fetchAll(bases);
    List<ProcessStatus> processes = new ArrayList<>();
    for (int i = 0; i < health.size(); i++) {
      processes.add(new ProcessStatus(targets.processes().get(i), health.get(i)));
    }
    List<DatabaseStatus> statuses = new ArrayList<>();
    String unreadable = null;
    try {
      for (ServiceDatabase service : ServiceDatabase.values()) {
        try (Connection c = db.connect(service)) {
          statuses.add(new StatusReader().read(service.databaseName(), c));
        }
      }
    } catch (SQLException e) {
      unreadable = e.getMessage();
      statuses.clear();
    }
    List<String> problems = new ArrayList<>(rules.problems(health));
    problems.addAll(rules.relayRoles(processes));
    statuses.forEach(s -> problems.addAll(rules.problems(s)));
    List<String> notes = ConsumerGroups.notes(processes, targets.topicPartitions());
    Instant now = Instant.now();
    if (json) {
      ObjectMapper mapper =
          new ObjectMapper()
              .registerModule(new JavaTimeModule())
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
              .enable(SerializationFeature.INDENT_OUTPUT);
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("at", now);
      document.put("healthy", problems.isEmpty() && unreadable == null);
      document.put("problems", problems);
      document.put("notes", notes);
      document.put("processesFile", targets.file() == null ? null : targets.file().toString());
      document.put("processes", processes.stream().map(p -> JsonProcess.of(mapper, p)).toList());
      document.put("databases", unreadable == null ? statuses : null);
      if (unreadable != null) {
        document.put("databasesUnreadable", unreadable);
      }
      out.println(mapper.writeValueAsString(document));
    } else {
      new StatusScreen(out, now)
          .print(
              db.server().host() + ":" + db.server().port(),
              processes,
              statuses,
              unreadable,
              problems,
              notes);
    }
    if (unreadable != null) {
      System.err.println("status: " + unreadable);
      return 2;
    }
    return problems.isEmpty() ? 0 : 1;
  }
}
