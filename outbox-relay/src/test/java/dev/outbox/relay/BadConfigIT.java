package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.relay.fixture.RelayProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad or missing setting stops the real process at once, naming the variable. */
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
    "RELAY_HEARTBEAT_INTERVAL, soon",
    "RELAY_KAFKA_ACKS, 1",
    "RELAY_KAFKA_NO_SUCH_SETTING, x",
  })
  void a_bad_setting_exits_non_zero_naming_the_variable(String variable, String value)
      throws Exception {
    Map<String, String> env = validEnvironment();
    if (value.isEmpty()) {
      env.remove(variable);
    } else {
      env.put(variable, value);
    }
    try (RelayProcess relay = RelayProcess.start("bad-config", env)) {
      int exit = relay.awaitExit(Duration.ofSeconds(30));
      String output = relay.output();
      assertThat(exit).as(output).isEqualTo(2);
      assertThat(output).contains(variable).doesNotContain("secret-password-value");
    }
  }
}
