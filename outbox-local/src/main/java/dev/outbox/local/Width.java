package dev.outbox.local;

import dev.outbox.cli.status.RunProcesses.RunProcess;
import dev.outbox.reference.db.ServiceDatabase;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How wide the local run is ({@code up --instances customer-app=N,order-app=M --standby-relays
 * --partitions P}) and the processes that makes, each with its name and port. One instance of each
 * app, no standby and {@link Topics#PARTITIONS} partitions by default: the run of before.
 *
 * <p>Instance 1 of an app keeps the app's name and port (8081, 8082); instance i is {@code
 * <app>-<i>} on the port 100 * (i - 1) above (8181, 8281, ...), up to 9 of each (8881, 8882). A
 * standby relay is {@code <database>-relay-standby} on its relay's port + 100 (8191, 8192).
 *
 * @param instances how many instances of each app
 * @param standbyRelays whether a standby relay runs beside each active one
 * @param partitions the partition count of the topics the run creates
 */
record Width(Map<LocalApp, Integer> instances, boolean standbyRelays, int partitions) {

  static final int MAX_INSTANCES = 9;
  static final int MAX_PARTITIONS = 100;
  static final int PORT_STEP = 100;
  static final String EXAMPLE = "customer-app=2,order-app=3";

  static final Width DEFAULT = new Width(Map.of(), false, Topics.PARTITIONS);

  Width {
    Map<LocalApp, Integer> all = new EnumMap<>(LocalApp.class);
    for (LocalApp app : LocalApp.values()) {
      all.put(app, Objects.requireNonNullElse(instances.get(app), 1));
    }
    all.forEach(
        (app, n) -> {
          if (n < 1 || n > MAX_INSTANCES) {
            throw new IllegalArgumentException(
                "--instances: "
                    + app.appName()
                    + "="
                    + n
                    + ": the count must be from 1 to "
                    + MAX_INSTANCES);
          }
        });
    instances = Map.copyOf(all);
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "--partitions " + partitions + ": must be from 1 to " + MAX_PARTITIONS);
    }
  }

  /**
   * Reads {@code --instances}: comma-separated {@code app=count} pairs; an app left out runs once.
   *
   * @param spec such as {@code customer-app=2,order-app=3}; {@code null} for the default
   * @throws IllegalArgumentException saying what is wrong and how it is written
   */
  static Width of(String spec, boolean standbyRelays, int partitions) {
    return new Width(parseInstances(spec), standbyRelays, partitions);
  }

  static Map<LocalApp, Integer> parseInstances(String spec) {
    Map<LocalApp, Integer> counts = new EnumMap<>(LocalApp.class);
    if (spec == null) {
      return counts;
    }
    if (spec.isBlank()) {
      throw new IllegalArgumentException(
          "--instances is empty: give app=count pairs, such as " + EXAMPLE);
    }
    for (String pair : spec.split(",", -1)) {
      String[] parts = pair.trim().split("=", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "--instances: '" + pair.trim() + "' is not app=count (such as " + EXAMPLE + ")");
      }
      String name = parts[0].trim();
      LocalApp app =
          LocalApp.named(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--instances: unknown app '"
                              + name
                              + "'; the apps are "
                              + LocalApp.names()));
      if (counts.containsKey(app)) {
        throw new IllegalArgumentException("--instances: " + name + " is given twice");
      }
      int count;
      try {
        count = Integer.parseInt(parts[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--instances: "
                + name
                + "="
                + parts[1].trim()
                + ": the count must be a whole number from 1 to "
                + MAX_INSTANCES);
      }
      if (count < 1 || count > MAX_INSTANCES) {
        throw new IllegalArgumentException(
            "--instances: "
                + name
                + "="
                + count
                + ": the count must be from 1 to "
                + MAX_INSTANCES
                + " (instance i listens on the first one's port + "
                + PORT_STEP
                + " * (i - 1))");
      }
      counts.put(app, count);
    }
    return counts;
  }

  int instancesOf(LocalApp app) {
    return instances.get(app);
  }

  /**
   * One process of the plan.
   *
   * @param name what the run calls it
   * @param relay a relay (else an app instance)
   * @param app the app it is an instance of; for a relay, the app whose database it streams
   * @param role a relay's intended role ({@code active}, {@code standby}); {@code null} for an app
   * @param port its HTTP port
   */
  record Planned(String name, boolean relay, LocalApp app, String role, int port) {

    ServiceDatabase database() {
      return app.database();
    }

    /** Its line in the run's processes file. */
    RunProcess toRunProcess(Long pid) {
      String database = database().databaseName();
      URI url = LocalDeployment.base(port);
      return relay
          ? RunProcess.relay(name, database, role, url, pid)
          : RunProcess.app(name, app.appName(), database, app.consumer(), app.topic(), url, pid);
    }
  }

  /** The active relays, then each app's instances, then the standby relays. */
  List<Planned> plan() {
    List<Planned> plan = new ArrayList<>();
    for (ServiceDatabase db : ServiceDatabase.values()) {
      plan.add(new Planned(relayName(db), true, LocalApp.owning(db), "active", relayPort(db)));
    }
    for (LocalApp app : LocalApp.values()) {
      for (int i = 1; i <= instancesOf(app); i++) {
        String name = i == 1 ? app.appName() : app.appName() + "-" + i;
        plan.add(new Planned(name, false, app, null, app.firstPort() + PORT_STEP * (i - 1)));
      }
    }
    if (standbyRelays) {
      for (ServiceDatabase db : ServiceDatabase.values()) {
        plan.add(
            new Planned(
                relayName(db) + "-standby",
                true,
                LocalApp.owning(db),
                "standby",
                relayPort(db) + PORT_STEP));
      }
    }
    return plan;
  }

  private static String relayName(ServiceDatabase db) {
    return db.databaseName() + "-relay";
  }

  private static int relayPort(ServiceDatabase db) {
    return db == ServiceDatabase.CUSTOMERS
        ? LocalDeployment.CUSTOMER_RELAY_PORT
        : LocalDeployment.ORDER_RELAY_PORT;
  }
}
