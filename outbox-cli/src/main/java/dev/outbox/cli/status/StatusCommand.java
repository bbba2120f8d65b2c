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
import picocli.CommandLine.Option;

/**
 * {@code outbox status}: what every relay and app says of its health, and the relays, outboxes,
 * consumers and parked events of both databases.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "One screen of health: what each relay and app answers on /health (state, reason, a"
          + " consumer's connection and its view's age), then for both service databases the relay"
          + " slots (active, lag, WAL held, heartbeat, stored position), outbox rates, consumers and"
          + " parked events.",
      "Exit code: 0 healthy; 1 unhealthy (a relay or app DOWN, DEGRADED or not answering, a relay"
          + " slot missing or inactive, lag over a threshold, parked events); 2 when the databases"
          + " cannot be read."
    })
public final class StatusCommand implements Callable<Integer> {

  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

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

  /** The processes asked, by the names {@code bin/outbox up} gives them. */
  Map<String, URI> processes() {
    Map<String, URI> targets = new LinkedHashMap<>();
    for (ServiceDatabase service : ServiceDatabase.values()) {
      targets.put(service.databaseName() + "-relay", relays.of(service));
    }
    targets.put("customer-app", apps.of(ServiceDatabase.CUSTOMERS));
    targets.put("order-app", apps.of(ServiceDatabase.ORDERS));
    return targets;
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    HealthRules rules = new HealthRules(maxLagBytes, Duration.ofSeconds(maxLagSeconds));
    List<ProcessHealth> health = new HealthClient(HEALTH_TIMEOUT).fetchAll(processes());
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
    statuses.forEach(s -> problems.addAll(rules.problems(s)));
    Instant now = Instant.now();
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("at", now);
      document.put("healthy", problems.isEmpty() && unreadable == null);
      document.put("problems", problems);
      document.put("processes", health);
      document.put("databases", unreadable == null ? statuses : null);
      if (unreadable != null) {
        document.put("databasesUnreadable", unreadable);
      }
      out.println(
          new ObjectMapper()
              .registerModule(new JavaTimeModule())
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(document));
    } else {
      new StatusScreen(out, now)
          .print(
              db.server().host() + ":" + db.server().port(),
              health,
              statuses,
              unreadable,
              problems);
    }
    if (unreadable != null) {
      System.err.println("status: " + unreadable);
      return 2;
    }
    return problems.isEmpty() ? 0 : 1;
  }
}
