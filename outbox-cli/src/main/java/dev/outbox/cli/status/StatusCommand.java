package dev.outbox.cli.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.outbox.cli.db.DbOptions;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code outbox status}: relays, outboxes, consumers and parked events of both databases. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "One screen of health for both service databases: relay slots (active, lag, WAL held,"
          + " heartbeat, stored position), outbox rates, consumers, parked events.",
      "Exit code: 0 healthy, 1 unhealthy (relay missing or inactive, lag over a threshold,"
          + " parked events), 2 when the databases cannot be read."
    })
public final class StatusCommand implements Callable<Integer> {

  @Mixin DbOptions db;

  @Option(names = "--json", description = "Print JSON for scripts instead of the screen.")
  boolean json;

  @Option(
      names = "--max-lag-bytes",
      defaultValue = "16777216",
      description = "Unhealthy when a slot lags more WAL than this (default: ${DEFAULT-VALUE}).")
  long maxLagBytes;

  @Option(
      names = "--max-lag-seconds",
      defaultValue = "60",
      description =
          "Unhealthy when the oldest unrelayed event is older than this (default: ${DEFAULT-VALUE}).")
  long maxLagSeconds;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    HealthRules rules = new HealthRules(maxLagBytes, Duration.ofSeconds(maxLagSeconds));
    List<DatabaseStatus> statuses = new ArrayList<>();
    try {
      for (ServiceDatabase service : ServiceDatabase.values()) {
        try (Connection c = db.connect(service)) {
          statuses.add(new StatusReader().read(service.databaseName(), c));
        }
      }
    } catch (SQLException e) {
      System.err.println("status: " + e.getMessage());
      return 2;
    }
    List<String> problems = new ArrayList<>();
    statuses.forEach(s -> problems.addAll(rules.problems(s)));
    Instant now = Instant.now();
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("at", now);
      document.put("healthy", problems.isEmpty());
      document.put("problems", problems);
      document.put("databases", statuses);
      out.println(
          new ObjectMapper()
              .registerModule(new JavaTimeModule())
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(document));
    } else {
      new StatusScreen(out, now)
          .print(db.server().host() + ":" + db.server().port(), statuses, problems);
    }
    return problems.isEmpty() ? 0 : 1;
  }
}
