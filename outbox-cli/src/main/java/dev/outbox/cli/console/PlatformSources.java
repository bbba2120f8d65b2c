package dev.outbox.cli.console;

import dev.outbox.cli.db.DbOptions;
import dev.outbox.cli.health.AppUrls;
import dev.outbox.cli.health.HealthClient;
import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.health.ProcessState;
import dev.outbox.cli.health.RelayUrls;
import dev.outbox.cli.status.DatabaseStatus;
import dev.outbox.cli.status.ProcessStatus;
import dev.outbox.cli.status.StatusReader;
import dev.outbox.cli.status.StatusTargets;
import dev.outbox.reference.db.ServiceDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The sources of {@code bin/outbox status}, read through its own code: the processes it asks (the
 * running {@code bin/outbox up}'s, else the URLs'), their {@code /health} ({@link HealthClient}),
 * the inspection views of every service database ({@link StatusReader}), and each process's
 * Prometheus {@code /metrics}.
 */
public final class PlatformSources implements Sources {

  private final DbOptions db;
  private final AppUrls apps;
  private final RelayUrls relays;
  private final Path home;
  private final Path stateDirectory;
  private final Duration timeout;
  private final HealthClient health;
  private final HttpClient http;

  /**
   * @param home the run's repository root (its processes file), or {@code null}
   * @param stateDirectory the run's state directory when not under home, or {@code null}
   * @param timeout how long each process may take to answer
   */
  public PlatformSources(
      DbOptions db,
      AppUrls apps,
      RelayUrls relays,
      Path home,
      Path stateDirectory,
      Duration timeout) {
    this.db = db;
    this.apps = apps;
    this.relays = relays;
    this.home = home;
    this.stateDirectory = stateDirectory;
    this.timeout = timeout;
    this.health = new HealthClient(timeout);
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Sample read(Instant at) {
    StatusTargets targets =
        StatusTargets.find(
            StatusTargets.notDefaults(apps, relays),
            home,
            stateDirectory,
            apps,
            relays,
            new PrintStream(OutputStream.nullOutputStream()));
    List<String> problems = new ArrayList<>();
    Map<String, URI> bases = new LinkedHashMap<>();
    targets.processes().forEach(p -> bases.put(p.name(), p.url()));
    Map<String, CompletableFuture<MetricsAnswer>> metrics = new LinkedHashMap<>();
    bases.forEach((name, base) -> metrics.put(name, metrics(base)));
    List<ProcessHealth> answers = health.fetchAll(bases);
    Map<String, Sample.DatabaseReading> databases = databases(problems);
    List<Sample.ProcessReading> processes = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      ProcessHealth h = answers.get(i);
      ProcessStatus status = new ProcessStatus(targets.processes().get(i), h);
      if (h.state() == ProcessState.UNREACHABLE) {
        problems.add(h.name() + ": /health did not answer (" + h.reason() + ")");
      }
      MetricsAnswer m = metrics.get(h.name()).join();
      if (m.error() != null && h.state() != ProcessState.UNREACHABLE) {
        problems.add(h.name() + ": /metrics did not answer (" + m.error() + ")");
      }
      processes.add(new Sample.ProcessReading(status, m.text()));
    }
    return new Sample(at, databases, processes, targets.topicPartitions(), problems);
  }

  private Map<String, Sample.DatabaseReading> databases(List<String> problems) {
    Map<String, Sample.DatabaseReading> databases = new LinkedHashMap<>();
    String host = db.server().host() + ":" + db.server().port();
    for (ServiceDatabase service : ServiceDatabase.values()) {
      String name = service.databaseName();
      try (Connection c = db.connect(service)) {
        DatabaseStatus status = new StatusReader().read(name, c);
        databases.put(name, new Sample.DatabaseReading(name, host, status, null));
      } catch (SQLException e) {
        String why = e.getMessage().replaceAll("\\s*\\R\\s*", " ");
        problems.add(name + ": database not readable (" + why + ")");
        databases.put(name, new Sample.DatabaseReading(name, host, null, why));
      }
    }
    return databases;
  }

  private record MetricsAnswer(PrometheusText text, String error) {}

  private CompletableFuture<MetricsAnswer> metrics(URI base) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/metrics")).timeout(timeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r ->
                r.statusCode() == 200
                    ? new MetricsAnswer(PrometheusText.parse(r.body()), null)
                    : new MetricsAnswer(PrometheusText.empty(), "HTTP " + r.statusCode()))
        .exceptionally(e -> new MetricsAnswer(PrometheusText.empty(), why(e)));
  }

  private String why(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof java.net.http.HttpTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    if (cause instanceof java.net.ConnectException) {
      return "connection refused";
    }
    return cause instanceof IOException && cause.getMessage() != null
        ? cause.getMessage()
        : cause.getClass().getSimpleName();
  }
}
