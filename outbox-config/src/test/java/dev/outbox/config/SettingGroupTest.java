package dev.outbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingGroupTest {

  enum Mode {
    PUBLISH,
    SKIP
  }

  static final Setting<String> SLOT =
      Setting.text("DEMO_SLOT", "the replication slot").defaultsTo("outbox_relay");
  static final Setting<Integer> BATCH =
      Setting.integer("DEMO_MAX_BATCH_SIZE", 1, 100_000, "changes per batch").defaultsTo("2048");
  static final Setting<Integer> QUEUE =
      Setting.integer("DEMO_MAX_QUEUE_SIZE", 1, 1_000_000, "changes queued").defaultsTo("8192");
  static final Setting<Duration> POLL =
      Setting.positiveDuration("DEMO_POLL_INTERVAL", "how long to wait").defaultsTo("2ms");
  static final Setting<Mode> MODE =
      Setting.choice("DEMO_EXISTING_ROWS", Mode.class, "what a first start does")
          .defaultsTo("publish");
  static final Database.Declared DB = Database.Declared.of("DEMO_", "the database", "its role");
  static final Setting<String> SOURCE =
      Setting.text("DEMO_SOURCE", "the ce_source").optional("/<database>");
  static final Family KAFKA =
      new Family(
          "DEMO_KAFKA_",
          "<SETTING>",
          "a Kafka producer setting",
          members ->
              members.keySet().stream()
                  .filter(k -> !k.equals("LINGER_MS"))
                  .map(k -> "DEMO_KAFKA_" + k + " is not a Kafka producer setting")
                  .toList());
  static final Setting<String> BOOTSTRAP =
      Setting.hostPorts("DEMO_KAFKA_BOOTSTRAP", "Kafka's bootstrap servers").required();

  static final SettingGroup GROUP =
      SettingGroup.builder("demo", "DEMO_")
          .add(DB.all())
          .add(BOOTSTRAP, SLOT, BATCH, QUEUE, POLL, MODE, SOURCE)
          .family(KAFKA)
          .rule(
              "DEMO_MAX_QUEUE_SIZE must be greater than DEMO_MAX_BATCH_SIZE",
              s -> s.get(QUEUE) > s.get(BATCH),
              QUEUE,
              BATCH)
          .build();

  static final Map<String, String> VALID =
      Map.of(
          "DEMO_DB_URL", "jdbc:postgresql://db:5432/customers?password=hunter2",
          "DEMO_DB_USER", "relay",
          "DEMO_DB_PASSWORD", " s3cret ",
          "DEMO_KAFKA_BOOTSTRAP", "k1:9092,k2:9092");

  @Test
  void reads_defaults_required_values_and_optional_ones() {
    Settings s = GROUP.read(VALID);

    assertThat(s.get(SLOT)).isEqualTo("outbox_relay");
    assertThat(s.get(BATCH)).isEqualTo(2048);
    assertThat(s.get(POLL)).isEqualTo(Duration.ofMillis(2));
    assertThat(s.get(MODE)).isEqualTo(Mode.PUBLISH);
    assertThat(s.find(SOURCE)).isEmpty();
    assertThat(DB.from(s).url().database()).isEqualTo("customers");
    assertThat(DB.from(s).password()).isEqualTo(" s3cret "); // secrets are taken as they are
  }

  @Test
  void a_misspelt_variable_is_refused_naming_the_nearest_known_one() {
    var env = new java.util.HashMap<>(VALID);
    env.put("DEMO_SLTO", "x");
    env.put("DEMO_KAFKA_LINGER_MS", "5"); // a member of the family, not unknown
    env.put("OTHER_SLOT", "y"); // not this component's prefix

    assertThatThrownBy(() -> GROUP.read(env))
        .isInstanceOf(ConfigException.class)
        .hasMessage("DEMO_SLTO is not a setting of demo; did you mean DEMO_SLOT?");
  }

  @Test
  void every_problem_is_reported_at_once() {
    Map<String, String> env =
        Map.of(
            "DEMO_DB_URL", "postgres://db/customers",
            "DEMO_MAX_BATCH_SIZE", "0",
            "DEMO_POLL_INTERVAL", "fast",
            "DEMO_EXISTING_ROWS", "all",
            "DEMO_KAFKA_ACKS", "1",
            "DEMO_POLL_INTERVL", "3ms");

    assertThatThrownBy(() -> GROUP.read(env))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "DEMO_POLL_INTERVL is not a setting of demo; did you mean"
                            + " DEMO_POLL_INTERVAL?",
                        "DEMO_DB_URL must be a URL jdbc:postgresql://host:port/database, starting"
                            + " with jdbc:postgresql://, was 'postgres://db/customers'",
                        "DEMO_DB_USER is required but not set (its role)",
                        "DEMO_DB_PASSWORD is required but not set (its password (never"
                            + " logged))",
                        "DEMO_KAFKA_BOOTSTRAP is required but not set (Kafka's bootstrap servers)",
                        "DEMO_MAX_BATCH_SIZE must be between 1 and 100000, was '0'",
                        "DEMO_POLL_INTERVAL must be a duration such as 500ms, 10s, 5m, 2h, 7d or"
                            + " PT10S, was 'fast'",
                        "DEMO_EXISTING_ROWS must be one of publish, skip, was 'all'",
                        "DEMO_KAFKA_ACKS is not a Kafka producer setting"))
        .hasMessageStartingWith("demo has 9 bad settings:\n  - ");
  }

  @Test
  void a_rule_across_settings_is_checked_once_both_are_valid() {
    var env = new java.util.HashMap<>(VALID);
    env.put("DEMO_MAX_QUEUE_SIZE", "100");
    assertThatThrownBy(() -> GROUP.read(env))
        .hasMessage("DEMO_MAX_QUEUE_SIZE must be greater than DEMO_MAX_BATCH_SIZE");

    env.put("DEMO_MAX_BATCH_SIZE", "zero"); // the rule cannot be judged: only the parse error
    assertThatThrownBy(() -> GROUP.read(env))
        .hasMessage("DEMO_MAX_BATCH_SIZE must be a whole number, was 'zero'");
  }

  @Test
  void a_secret_is_never_shown_in_a_problem_or_the_effective_configuration() {
    Setting<String> token =
        Setting.secret("DEMO_TOKEN", "a token")
            .check(t -> t.length() >= 8, "must be 8 characters or more")
            .defaultsTo("long-enough-default");
    SettingGroup group =
        SettingGroup.builder("demo", "DEMO_").add(DB.all()).add(BOOTSTRAP, token).build();
    var env = new java.util.HashMap<>(VALID);
    env.put("DEMO_TOKEN", "short");

    assertThatThrownBy(() -> group.read(env))
        .hasMessage("DEMO_TOKEN must be 8 characters or more (the value is not shown)");

    env.put("DEMO_TOKEN", "sufficiently-long-token");
    env.put("DEMO_DB_URL", "jdbc:postgresql://db/customers?user=relay&password=hunter2");
    String line = group.read(env).describe();
    assertThat(line)
        .doesNotContain("hunter2", "sufficiently-long-token", "s3cret")
        .contains("DEMO_DB_URL=jdbc:postgresql://db/customers?user=relay&password=<masked>")
        .contains("DEMO_DB_PASSWORD=<masked>")
        .contains("DEMO_TOKEN=<masked>");
  }

  @Test
  void the_effective_configuration_says_which_values_are_defaults() {
    var env = new java.util.HashMap<>(VALID);
    env.put("DEMO_KAFKA_LINGER_MS", "5");
    env.put("DEMO_MAX_BATCH_SIZE", "100");

    String line = GROUP.read(env).describe();

    assertThat(line)
        .contains("DEMO_SLOT=outbox_relay (default)")
        .contains("DEMO_MAX_BATCH_SIZE=100,")
        .contains("DEMO_POLL_INTERVAL=2ms (default)")
        .contains("DEMO_EXISTING_ROWS=publish (default)")
        .contains("DEMO_KAFKA_LINGER_MS=5")
        .doesNotContain("DEMO_SOURCE");
  }

  @Test
  void a_foreign_prefix_inside_an_owned_one_is_left_to_its_owner() {
    SettingGroup cli =
        SettingGroup.builder("outbox", "DEMO_").foreignPrefix("DEMO_STACK").add(SLOT).build();

    assertThat(cli.read(Map.of("DEMO_STACK", "external", "DEMO_STACK_DB_URL", "x")).get(SLOT))
        .isEqualTo("outbox_relay");
  }

  @Test
  void a_declaration_is_checked_where_it_is_made() {
    assertThatThrownBy(() -> Setting.integer("DEMO_N", 1, 10, "n").defaultsTo("0"))
        .hasMessage("the default of DEMO_N must be between 1 and 10, was '0'");
    assertThatThrownBy(() -> Setting.text("demo_lower", "x")).hasMessageContaining("upper case");
    assertThatThrownBy(() -> SettingGroup.builder("demo", "DEMO_").add(SLOT, SLOT))
        .hasMessage("DEMO_SLOT is declared twice");
    assertThatThrownBy(() -> SettingGroup.builder("demo", "OTHER_").add(SLOT))
        .hasMessageContaining("outside the prefixes");
    assertThatThrownBy(() -> Setting.text("DEMO_X", "two\nlines")).hasMessageContaining("one line");
  }

  @Test
  void the_nearest_name_is_the_one_fewest_edits_away() {
    assertThat(Nearest.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Nearest.of("DEMO_DB_PASWORD", List.of("DEMO_DB_URL", "DEMO_DB_PASSWORD")))
        .isEqualTo("DEMO_DB_PASSWORD");
  }
}
