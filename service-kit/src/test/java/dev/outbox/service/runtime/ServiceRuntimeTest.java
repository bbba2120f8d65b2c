package dev.outbox.service.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.service.config.ServiceConfig;
import dev.outbox.service.config.ServiceSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceRuntimeTest {

  private static final ServiceSettings SETTINGS =
      ServiceSettings.declare("test-app", "TEST_APP_", 0, "test-app.consumer");

  private static ServiceConfig config() {
    return SETTINGS.read(
        SETTINGS
            .group()
            .build()
            .read(
                Map.of(
                    "TEST_APP_DB_URL", "jdbc:postgresql://127.0.0.1:1/none",
                    "TEST_APP_DB_USER", "none",
                    "TEST_APP_DB_PASSWORD", "none",
                    "TEST_APP_KAFKA_BOOTSTRAP", "127.0.0.1:1")));
  }

  @Test
  void closing_stops_the_parts_in_reverse_order_and_survives_a_failing_part() {
    List<String> closed = new ArrayList<>();
    ServiceRuntime runtime =
        ServiceRuntime.start(
            ServiceRuntimeTest.class,
            config(),
            Clock.systemUTC(),
            r -> {
              r.add(() -> closed.add("pool"));
              r.add(
                  () -> {
                    closed.add("consumer");
                    throw new IllegalStateException("stuck");
                  });
              r.add(() -> closed.add("http"));
              return r;
            });
    assertThat(runtime.meterRegistry().find("jvm.memory.used").gauges()).isNotEmpty();

    runtime.close();

    assertThat(closed).containsExactly("http", "consumer", "pool");
    assertThat(runtime.meterRegistry().isClosed()).isTrue();
  }

  @Test
  void a_failed_start_stops_what_had_started_and_rethrows() {
    List<String> closed = new ArrayList<>();
    IllegalStateException failure = new IllegalStateException("port in use");

    assertThatThrownBy(
            () ->
                ServiceRuntime.start(
                    ServiceRuntimeTest.class,
                    config(),
                    Clock.systemUTC(),
                    r -> {
                      r.add(() -> closed.add("pool"));
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(closed).containsExactly("pool");
  }
}
