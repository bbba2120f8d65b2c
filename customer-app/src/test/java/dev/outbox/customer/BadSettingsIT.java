package dev.outbox.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.testing.MainProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** customer-app's {@code main} with bad settings: exit 2 at start, every problem named at once. */
class BadSettingsIT {

  @Test
  void a_misspelt_variable_and_a_missing_password_stop_the_start_with_exit_2_naming_both() {
    MainProcess.Result result =
        MainProcess.run(
            CustomerMain.class,
            Map.of(
                "CUSTOMER_APP_DB_URL", "jdbc:postgresql://127.0.0.1:1/customers",
                "CUSTOMER_APP_DB_USER", "customer_app",
                "CUSTOMER_APP_KAFKA_BOOTSTRAP", "127.0.0.1:1",
                "CUSTOMER_APP_HTTP_PROT", "8081"),
            60);

    assertThat(result.exit()).as(result.stderr()).isEqualTo(2);
    assertThat(result.stderr())
        .contains(
            "CUSTOMER_APP_HTTP_PROT is not a setting of customer-app; did you mean"
                + " CUSTOMER_APP_HTTP_PORT?")
        .contains("CUSTOMER_APP_DB_PASSWORD is required but not set");
  }

  @Test
  void a_tracing_variable_the_sdk_refuses_stops_the_start_with_exit_2_naming_it() {
    MainProcess.Result result =
        MainProcess.run(
            CustomerMain.class,
            Map.of(
                "CUSTOMER_APP_DB_URL", "jdbc:postgresql://127.0.0.1:1/customers",
                "CUSTOMER_APP_DB_USER", "customer_app",
                "CUSTOMER_APP_DB_PASSWORD", "secret",
                "CUSTOMER_APP_KAFKA_BOOTSTRAP", "127.0.0.1:1",
                "OTEL_TRACES_EXPORTER", "zipkin"),
            60);

    assertThat(result.exit()).as(result.stderr()).isEqualTo(2);
    assertThat(result.stderr())
        .contains("customer-app: configuration error:")
        .contains("OTEL_TRACES_EXPORTER")
        .contains("zipkin")
        .doesNotContain("secret");
  }
}
