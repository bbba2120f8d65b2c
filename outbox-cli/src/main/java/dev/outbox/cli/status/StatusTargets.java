package dev.outbox.cli.status;

import dev.outbox.cli.config.CliSettings;
import dev.outbox.cli.health.AppUrls;
import dev.outbox.cli.health.RelayUrls;
import dev.outbox.cli.status.RunProcesses.RunProcess;
import dev.outbox.config.Setting;
import dev.outbox.reference.db.ServiceDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes that {@code status} and the console ask, and the run they belong to: those of the
 * running {@code bin/outbox up} when its file is there and no URL was given; else one relay per
 * database and one instance of each app, by the names {@code up} gives them, at the given URLs.
 *
 * @param processes in the order asked
 * @param topicPartitions each topic's partition count, when the run's file says
 * @param file the run's file they came from; {@code null} for the defaults
 */
public record StatusTargets(
    List<RunProcess> processes, Map<String, Integer> topicPartitions, Path file) {

  public StatusTargets {
    processes = List.copyOf(processes);
    topicPartitions = Map.copyOf(topicPartitions);
  }

  /**
   * @param urlsGiven a URL was given on the command line or in the environment: ask it, not the run
   * @param home the repository root of the run, or {@code null}
   * @param stateDirectory the run's state directory when not under {@code home}, or {@code null}
   * @param err where a run file that cannot be read is reported
   */
  public static StatusTargets find(
      boolean urlsGiven,
      Path home,
      Path stateDirectory,
      AppUrls apps,
      RelayUrls relays,
      PrintStream err) {
    if (!urlsGiven && (home != null || stateDirectory != null)) {
      Path file =
          stateDirectory != null
              ? RunProcesses.inStateDirectory(stateDirectory.toAbsolutePath().normalize())
              : RunProcesses.under(home.toAbsolutePath().normalize());
      try {
        Optional<RunProcesses> run = RunProcesses.readIfLive(file);
        if (run.isPresent()) {
          return new StatusTargets(run.get().processes(), run.get().topics(), file);
        }
      } catch (IOException | RuntimeException e) {
        err.println(
            "status: cannot read " + file + " (" + e.getMessage() + "); asking the defaults");
      }
    }
    List<RunProcess> defaults = new ArrayList<>();
    for (ServiceDatabase service : ServiceDatabase.values()) {
      String database = service.databaseName();
      defaults.add(
          RunProcess.relay(database + "-relay", database, "active", relays.of(service), null));
    }
    defaults.add(
        RunProcess.app(
            "customer-app",
            "customer-app",
            ServiceDatabase.CUSTOMERS.databaseName(),
            null,
            null,
            apps.of(ServiceDatabase.CUSTOMERS),
            null));
    defaults.add(
        RunProcess.app(
            "order-app",
            "order-app",
            ServiceDatabase.ORDERS.databaseName(),
            null,
            null,
            apps.of(ServiceDatabase.ORDERS),
            null));
    return new StatusTargets(defaults, Map.of(), null);
  }

  /** Whether a URL differs from its setting's default: the user names what to ask. */
  public static boolean notDefaults(AppUrls apps, RelayUrls relays) {
    return differs(apps.of(ServiceDatabase.CUSTOMERS), CliSettings.CUSTOMER_APP_URL)
        || differs(apps.of(ServiceDatabase.ORDERS), CliSettings.ORDER_APP_URL)
        || differs(relays.of(ServiceDatabase.CUSTOMERS), CliSettings.CUSTOMERS_RELAY_URL)
        || differs(relays.of(ServiceDatabase.ORDERS), CliSettings.ORDERS_RELAY_URL);
  }

  private static boolean differs(URI url, Setting<String> setting) {
    return url != null && !url.toString().equals(setting.defaultText());
  }
}
