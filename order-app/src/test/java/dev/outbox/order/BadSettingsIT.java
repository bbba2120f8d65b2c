package dev.outbox.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.testing.MainProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** order-app's {@code main} with bad settings: exit 2 at start, every problem named at once. */
class BadSettingsIT {

  @Test
  void a_misspelt_variable_and_a_missing_password_stop_the_start_with_exit_2_naming_both() {
    MainProcess.Result result =
        MainProcess.run(
            OrderMain.class,
            Map.of(
                "ORDER_APP_DB_URL", "jdbc:postgresql://127.0.0.1:1/orders",
                "ORDER_APP_DB_USER", "order_app",
                "ORDER_APP_KAFKA_BOOTSTRAP", "127.0.0.1:1",
                "ORDER_APP_HTTP_PROT", "8081"),
            60);

    assertThat(result.exit()).as(result.stderr()).isEqualTo(2);
    assertThat(result.stderr())
        .contains(
            "ORDER_APP_HTTP_PROT is not a setting of order-app; did you mean"
                + " ORDER_APP_HTTP_PORT?")
        .contains("ORDER_APP_DB_PASSWORD is required but not set");
  }
}
