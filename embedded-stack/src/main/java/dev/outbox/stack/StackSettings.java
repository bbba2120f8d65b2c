package dev.outbox.stack;

import dev.outbox.config.ConfigException;
import dev.outbox.config.JdbcUrl;
import dev.outbox.config.Setting;
import dev.outbox.config.SettingGroup;
import dev.outbox.config.Settings;
import java.util.List;
import java.util.Map;

/**
 * The variables of the stack the tests and the local run use, all under {@code OUTBOX_STACK}: which
 * stack, and for {@code OUTBOX_STACK=external} where its servers are. A misspelt {@code
 * OUTBOX_STACK*} variable is refused with the nearest name.
 */
public final class StackSettings {

  public static final Setting<StackMode> MODE =
      Setting.choice(
              "OUTBOX_STACK",
              StackMode.class,
              "where PostgreSQL and Kafka come from: embedded (started here, from the zonky binaries"
                  + " and the Kafka jars), external (servers you run, given below) or containers"
                  + " (Testcontainers, needs a Docker engine)")
          .defaultsTo("embedded");

  public static final Setting<JdbcUrl> DB_URL =
      Setting.jdbcUrl(
              "OUTBOX_STACK_DB_URL",
              "external only: a PostgreSQL server with wal_level=logical,"
                  + " jdbc:postgresql://host:port/database")
          .optional("required when external");

  public static final Setting<String> DB_USER =
      Setting.text(
              "OUTBOX_STACK_DB_USER", "external only: a role that may create roles and databases")
          .optional("required when external");

  public static final Setting<String> DB_PASSWORD =
      Setting.secret("OUTBOX_STACK_DB_PASSWORD", "external only: its password")
          .optional("required when external");

  public static final Setting<String> KAFKA_BOOTSTRAP =
      Setting.hostPorts("OUTBOX_STACK_KAFKA_BOOTSTRAP", "external only: Kafka bootstrap servers")
          .optional("required when external");

  private static final List<Setting<?>> EXTERNAL =
      List.of(DB_URL, DB_USER, DB_PASSWORD, KAFKA_BOOTSTRAP);

  public static final SettingGroup GROUP = group();

  private StackSettings() {}

  private static SettingGroup group() {
    SettingGroup.Builder group =
        SettingGroup.builder("embedded-stack", "OUTBOX_STACK").add(MODE).add(EXTERNAL);
    for (Setting<?> needed : EXTERNAL) {
      group.rule(
          "OUTBOX_STACK=external needs "
              + needed.name()
              + " ("
              + needed.meaning().replace("external only: ", "")
              + "); it is not set. Or use OUTBOX_STACK=embedded, which needs nothing.",
          s -> s.get(MODE) != StackMode.EXTERNAL || s.find(needed).isPresent(),
          MODE);
    }
    group.rule(
        "OUTBOX_STACK_DB_URL, OUTBOX_STACK_DB_USER, OUTBOX_STACK_DB_PASSWORD and"
            + " OUTBOX_STACK_KAFKA_BOOTSTRAP are read only with OUTBOX_STACK=external: set it, or"
            + " unset them",
        s ->
            s.get(MODE) == StackMode.EXTERNAL
                || EXTERNAL.stream().noneMatch(v -> s.find(v).isPresent()),
        MODE);
    return group.build();
  }

  /**
   * Reads the stack's variables from {@code environment}.
   *
   * @throws StackException listing every problem, each naming its variable
   */
  public static Settings read(Map<String, String> environment) {
    try {
      return GROUP.read(environment);
    } catch (ConfigException e) {
      throw new StackException(e.getMessage(), e);
    }
  }
}
