package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.config.SettingsDoc;
import dev.outbox.relay.config.RelaySettings;
import dev.outbox.relay.fixture.RelayProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad, missing or misspelt setting stops the real process at once, naming the variable. */
class BadConfigIT {

  private static Map<String, String> validEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_DB_URL", "jdbc:postgresql://127.0.0.1:1/customers");
    env.put("RELAY_DB_USER", "customer_relay");
    env.put("RELAY_DB_PASSWORD", "secret-password-value");
    env.put("RELAY_KAFKA_BOOTSTRAP", "127.0.0.1:1");
    return env;
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "RELAY_DB_URL, ''",
    "RELAY_DB_URL, postgres://host/db",
    "RELAY_KAFKA_BOOTSTRAP, ''",
    "RELAY_HTTP_PORT, eighty",
    "RELAY_SLOT, Bad-Slot",
    "RELAY_TOPIC_PATTERN, events.{aggregate}",
    "RELAY_TOPIC_CREATE, sometimes",
    "RELAY_HEARTBEAT_INTERVAL, soon",
    "RELAY_KAFKA_ACKS, 1",
    "RELAY_KAFKA_NO_SUCH_SETTING, x",
    // Refused by OpenTelemetry's autoconfiguration: no Zipkin exporter in the jar.
    "OTEL_TRACES_EXPORTER, zipkin",
  })
  void a_bad_setting_exits_2_naming_the_variable(String variable, String value) throws Exception {
    Map<String, String> env = validEnvironment();
    if (value.isEmpty()) {
      env.remove(variable);
    } else {
      env.put(variable, value);
    }
    try (RelayProcess relay = RelayProcess.start("bad-config", env)) {
      int exit = relay.awaitExit(Duration.ofMinutes(2));
      String output = relay.output();
      assertThat(exit).as(output).isEqualTo(2);
      assertThat(relay.errorOutput()).contains(variable).doesNotContain("secret-password-value");
      assertThat(output).doesNotContain("secret-password-value");
    }
  }

  @Test
  void a_misspelt_variable_exits_2_naming_it_and_the_nearest_known_one() throws Exception {
    Map<String, String> env = validEnvironment();
    env.put("RELAY_HEARTBEAT_INTERVALL", "1s");
    env.put("RELAY_SOLT", "customers_outbox");

    try (RelayProcess relay = RelayProcess.start("misspelt", env)) {
      int exit = relay.awaitExit(Duration.ofMinutes(2));
      String errors = relay.errorOutput();
      System.out.println("Misspelt variables:\n" + errors);
      assertThat(exit).as(relay.output()).isEqualTo(2);
      assertThat(errors)
          .contains("RELAY_HEARTBEAT_INTERVALL is not a setting of outbox-relay")
          .contains("did you mean RELAY_HEARTBEAT_INTERVAL?")
          .contains("RELAY_SOLT is not a setting of outbox-relay; did you mean RELAY_SLOT?");
    }
  }

  @Test
  void help_prints_the_settings_table_and_exits_0_without_any_setting() throws Exception {
    try (RelayProcess relay = RelayProcess.start("help", Map.of(), List.of("--help"))) {
      int exit = relay.awaitExit(Duration.ofMinutes(2));
      assertThat(exit).as(relay.output()).isZero();
      assertThat(relay.output()).contains(SettingsDoc.table(RelaySettings.GROUP));
    }
  }
}
