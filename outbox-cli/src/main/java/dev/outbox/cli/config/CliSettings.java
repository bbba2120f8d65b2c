package dev.outbox.cli.config;

import dev.outbox.config.Setting;
import dev.outbox.config.SettingGroup;
import dev.outbox.reference.db.ServiceDatabase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every {@code OUTBOX_*} setting of the operator commands, declared once: the environment variable,
 * its default and meaning. The commands' options take their defaults from here ({@link
 * SettingDefaults}); the README's table is derived from {@link #GROUP}. The embedded stack's {@code
 * OUTBOX_STACK*} variables are its own.
 */
public final class CliSettings {

  public static final Setting<String> DB_HOST =
      Setting.text("OUTBOX_DB_HOST", "PostgreSQL host of the service databases")
          .defaultsTo("127.0.0.1");

  public static final Setting<Integer> DB_PORT =
      Setting.integer("OUTBOX_DB_PORT", 1, 65535, "its port (15432 is the local run's)")
          .defaultsTo("15432");

  public static final Setting<String> DB_USER =
      Setting.text(
              "OUTBOX_DB_USER",
              "a role that may read every service database (for migrate: create roles and"
                  + " databases)")
          .defaultsTo("postgres");

  public static final Setting<String> DB_PASSWORD =
      Setting.secret("OUTBOX_DB_PASSWORD", "its password (the local run's by default)")
          .defaultsTo("postgres");

  public static final Setting<String> CUSTOMER_APP_URL =
      url(
          "OUTBOX_CUSTOMER_APP_URL",
          "customer-app's base URL: status reads its /health, dlq replays and discards through it",
          "http://127.0.0.1:8081");

  public static final Setting<String> ORDER_APP_URL =
      url(
          "OUTBOX_ORDER_APP_URL",
          "order-app's base URL: status reads its /health, dlq replays and discards through it",
          "http://127.0.0.1:8082");

  public static final Setting<String> CUSTOMERS_RELAY_URL =
      url(
          "OUTBOX_CUSTOMERS_RELAY_URL",
          "the base URL of the customers database's relay: status reads its /health",
          "http://127.0.0.1:8091");

  public static final Setting<String> ORDERS_RELAY_URL =
      url(
          "OUTBOX_ORDERS_RELAY_URL",
          "the base URL of the orders database's relay: status reads its /health",
          "http://127.0.0.1:8092");

  public static final Setting<Integer> MAX_LAG_BYTES =
      Setting.integer(
              "OUTBOX_MAX_LAG_BYTES",
              0,
              Integer.MAX_VALUE,
              "status: unhealthy when a relay slot lags more WAL than this many bytes")
          .defaultsTo("16777216");

  public static final Setting<Integer> MAX_LAG_SECONDS =
      Setting.integer(
              "OUTBOX_MAX_LAG_SECONDS",
              0,
              Integer.MAX_VALUE,
              "status: unhealthy when the oldest unrelayed event waits longer than this")
          .defaultsTo("60");

  public static final Setting<Integer> BACKFILL_BATCH_SIZE =
      Setting.integer(
              "OUTBOX_BACKFILL_BATCH_SIZE",
              1,
              100_000,
              "backfill: snapshots emitted per transaction (one step of backfill_step)")
          .defaultsTo("1000");
  public static final Setting<Duration> VERIFY_GRACE =
      Setting.duration(
              "OUTBOX_VERIFY_GRACE",
              "verify: how long to wait before looking again at what differed (events in flight)")
          .defaultsTo("5s");

  public static final Setting<Duration> REBUILD_STALL =
      Setting.duration(
              "OUTBOX_REBUILD_STALL",
              "rebuild: stop waiting (exit 1) when the fill has not moved for this long")
          .defaultsTo("2m");

  public static final Setting<Integer> VERIFY_BATCH_SIZE =
      Setting.integer(
              "OUTBOX_VERIFY_BATCH_SIZE", 1, 100_000, "verify: ids read per statement on each side")
          .defaultsTo("5000");

  public static final Setting<Integer> CONSOLE_PORT =
      Setting.port("OUTBOX_CONSOLE_PORT", "console: the port its page and API listen on")
          .defaultsTo("8090");

  public static final Setting<String> CONSOLE_BIND =
      Setting.text(
              "OUTBOX_CONSOLE_BIND",
              "console: the address it listens on (only this machine by default)")
          .defaultsTo("127.0.0.1");

  public static final Setting<String> CONSOLE_TOKEN =
      Setting.secret(
              "OUTBOX_CONSOLE_TOKEN",
              "console: the token its dead-letter actions require (X-Outbox-Console-Token)")
          .optional("a random token, printed at start");

  public static final Setting<String> KAFKA_BOOTSTRAP =
      Setting.hostPorts(
              "OUTBOX_KAFKA_BOOTSTRAP",
              "console: the Kafka bootstrap servers its trail reads record timestamps from")
          .defaultsTo("127.0.0.1:19092");

  public static final Setting<String> HOME =
      Setting.text(
              "OUTBOX_HOME",
              "up: the repository root, where the built jars are; status: where up writes"
                  + " .outbox/run/processes.json; schema check: its contracts/ folder by default;"
                  + " bin/outbox sets it")
          .defaultsTo(".");

  /** migrate's password of each login role, {@code OUTBOX_<ROLE>_PASSWORD}. */
  public static final Map<String, Setting<String>> ROLE_PASSWORDS = rolePasswords();

  public static final SettingGroup GROUP =
      SettingGroup.builder("outbox-cli", "OUTBOX_")
          // The embedded stack checks its own OUTBOX_STACK* variables.
          .foreignPrefix("OUTBOX_STACK")
          .add(DB_HOST, DB_PORT, DB_USER, DB_PASSWORD)
          .add(CUSTOMER_APP_URL, ORDER_APP_URL, CUSTOMERS_RELAY_URL, ORDERS_RELAY_URL)
          .add(MAX_LAG_BYTES, MAX_LAG_SECONDS)
          .add(BACKFILL_BATCH_SIZE)
          .add(VERIFY_GRACE, VERIFY_BATCH_SIZE, REBUILD_STALL)
          .add(CONSOLE_PORT, CONSOLE_BIND, CONSOLE_TOKEN, KAFKA_BOOTSTRAP)
          .add(List.copyOf(ROLE_PASSWORDS.values()))
          .add(HOME)
          .build();

  /** Which option takes its default from which setting (the option's own help names it too). */
  static final Map<String, Setting<?>> OPTION_DEFAULTS =
      Map.ofEntries(
          Map.entry("--db-host", DB_HOST),
          Map.entry("--db-port", DB_PORT),
          Map.entry("--db-user", DB_USER),
          Map.entry("--db-password", DB_PASSWORD),
          Map.entry("--customer-app-url", CUSTOMER_APP_URL),
          Map.entry("--order-app-url", ORDER_APP_URL),
          Map.entry("--customers-relay-url", CUSTOMERS_RELAY_URL),
          Map.entry("--orders-relay-url", ORDERS_RELAY_URL),
          Map.entry("--max-lag-bytes", MAX_LAG_BYTES),
          Map.entry("--max-lag-seconds", MAX_LAG_SECONDS),
          Map.entry("backfill --batch-size", BACKFILL_BATCH_SIZE),
          Map.entry("verify --grace", VERIFY_GRACE),
          Map.entry("verify --batch-size", VERIFY_BATCH_SIZE),
          Map.entry("rebuild --stall", REBUILD_STALL),
          Map.entry("console --port", CONSOLE_PORT),
          Map.entry("console --bind", CONSOLE_BIND),
          Map.entry("console --token", CONSOLE_TOKEN),
          Map.entry("--kafka-bootstrap", KAFKA_BOOTSTRAP),
          Map.entry("--home", HOME));

  private CliSettings() {}

  /**
   * The key of {@link #OPTION_DEFAULTS} an option takes its default from: {@code "<command>
   * <option>"} when that command's option has its own setting (two commands' {@code --batch-size}),
   * else {@code "<option>"}; null when it has none.
   */
  static String defaultKey(OptionSpec option) {
    String name = option.longestName();
    if (option.command() != null) {
      String own = option.command().name() + " " + name;
      if (OPTION_DEFAULTS.containsKey(own)) {
        return own;
      }
    }
    return OPTION_DEFAULTS.containsKey(name) ? name : null;
  }

  /** The setting of a login role's password, such as {@code OUTBOX_CUSTOMER_APP_PASSWORD}. */
  public static Setting<String> passwordOf(String role) {
    Setting<String> setting = ROLE_PASSWORDS.get(role);
    if (setting == null) {
      throw new IllegalArgumentException("no login role " + role);
    }
    return setting;
  }

  private static Map<String, Setting<String>> rolePasswords() {
    Map<String, Setting<String>> passwords = new LinkedHashMap<>();
    for (ServiceDatabase db : ServiceDatabase.values()) {
      for (String role : List.of(db.appRole(), db.relayRole())) {
        passwords.put(
            role,
            Setting.secret(
                    "OUTBOX_" + role.toUpperCase(Locale.ROOT) + "_PASSWORD",
                    "migrate: the password of the role " + role)
                .optional("the development password, the role's name"));
      }
    }
    return java.util.Collections.unmodifiableMap(passwords);
  }

  private static Setting<String> url(String name, String meaning, String defaultUrl) {
    return Setting.text(name, meaning)
        .check(
            u -> u.startsWith("http://") || u.startsWith("https://"),
            "must be an http:// or https:// URL")
        .defaultsTo(defaultUrl);
  }
}
