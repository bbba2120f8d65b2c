package dev.outbox.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.cli.OutboxCli;
import dev.outbox.config.Setting;
import dev.outbox.config.SettingsDoc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

class CliSettingsTest {

  private static List<OptionSpec> allOptions(CommandLine cli) {
    List<OptionSpec> options = new ArrayList<>(cli.getCommandSpec().options());
    cli.getSubcommands().values().forEach(sub -> options.addAll(allOptions(sub)));
    return options;
  }

  private static CommandSpec parsed(Map<String, String> env, String... args) {
    ParseResult result = OutboxCli.commandLine(env).parseArgs(args);
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    return result.commandSpec();
  }

  @Test
  void a_misspelt_variable_is_refused_with_the_nearest_name_and_every_problem_at_once() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        OutboxCli.execute(
            new String[] {"status"},
            Map.of("OUTBOX_DB_HSOT", "db", "OUTBOX_DB_PORT", "fifty", "OUTBOX_ORDER_APP_URL", "x"),
            null,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String said = err.toString(StandardCharsets.UTF_8);
    assertThat(exit).isEqualTo(2);
    assertThat(said)
        .contains("OUTBOX_DB_HSOT is not a setting of outbox-cli; did you mean OUTBOX_DB_HOST?")
        .contains("OUTBOX_DB_PORT must be a whole number, was 'fifty'")
        .contains("OUTBOX_ORDER_APP_URL must be an http:// or https:// URL");
  }

  @Test
  void the_stack_variables_and_other_prefixes_are_not_the_clis_to_check() {
    assertThat(
            parsed(
                    Map.of(
                        "OUTBOX_STACK", "external",
                        "OUTBOX_STACK_DB_URL", "jdbc:postgresql://h/db",
                        "CUSTOMER_APP_DB_URL", "whatever"),
                    "status")
                .name())
        .isEqualTo("status");
  }

  @Test
  void options_default_to_the_declared_settings_and_the_environment_overrides_them() {
    assertThat(parsed(Map.of(), "status").findOption("--db-port").<Integer>getValue())
        .isEqualTo(15432);
    assertThat(parsed(Map.of(), "status").findOption("--max-lag-bytes").<Long>getValue())
        .isEqualTo(16_777_216L);
    assertThat(
            parsed(Map.of(), "dlq", "replay", "customers", "1")
                .findOption("--customer-app-url")
                .getValue()
                .toString())
        .isEqualTo("http://127.0.0.1:8081");
    Map<String, String> env =
        Map.of("OUTBOX_DB_PORT", "5433", "OUTBOX_ORDERS_RELAY_URL", "http://relay:9000");
    assertThat(parsed(env, "status").findOption("--db-port").<Integer>getValue()).isEqualTo(5433);
    assertThat(parsed(env, "status").findOption("--orders-relay-url").getValue().toString())
        .isEqualTo("http://relay:9000");
    assertThat(parsed(env, "status", "--db-port=6000").findOption("--db-port").<Integer>getValue())
        .as("an option given wins")
        .isEqualTo(6000);
  }

  @Test
  void no_option_holds_a_default_of_its_own_and_each_names_its_variable() {
    CommandLine cli = OutboxCli.commandLine(Map.of());
    List<String> mapped = new ArrayList<>();
    for (OptionSpec option : allOptions(cli)) {
      assertThat(option.defaultValue())
          .as(option.longestName() + " declares a default in its annotation")
          .isNull();
      String key = CliSettings.defaultKey(option);
      Setting<?> setting = key == null ? null : CliSettings.OPTION_DEFAULTS.get(key);
      if (setting != null) {
        mapped.add(key);
        assertThat(String.join(" ", option.description()))
            .as(option.longestName() + "'s help names its variable")
            .contains(setting.name());
      }
    }
    List<String> operatorOptions = new ArrayList<>(CliSettings.OPTION_DEFAULTS.keySet());
    operatorOptions.remove("--home"); // bin/outbox up's, in outbox-local
    assertThat(mapped).containsAll(operatorOptions);
  }

  @Test
  void migrate_reads_each_role_password_under_the_clis_own_prefix() {
    assertThat(CliSettings.passwordOf("customer_app").name())
        .isEqualTo("OUTBOX_CUSTOMER_APP_PASSWORD");
    assertThat(CliSettings.ROLE_PASSWORDS.values())
        .extracting(Setting::name)
        .containsExactly(
            "OUTBOX_CUSTOMER_APP_PASSWORD",
            "OUTBOX_CUSTOMER_RELAY_PASSWORD",
            "OUTBOX_ORDER_APP_PASSWORD",
            "OUTBOX_ORDER_RELAY_PASSWORD");
    assertThat(CliSettings.ROLE_PASSWORDS.values()).allMatch(Setting::isSecret);
  }

  @Test
  void the_readme_table_is_the_declaration() throws IOException {
    Path readme = Path.of("..", "README.md");
    assertThat(SettingsDoc.check(readme, CliSettings.GROUP))
        .as(
            "README.md, between the settings:outbox-cli markers, should be:%n%s",
            SettingsDoc.table(CliSettings.GROUP))
        .isEmpty();
  }
}
