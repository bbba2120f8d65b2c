package dev.outbox.service.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceRuntimeTest {

  @Test
  void closing_stops_the_parts_in_reverse_order_and_survives_a_failing_part() {
    List<String> closed = new ArrayList<>();
    ServiceRuntime runtime =
        ServiceRuntime.start(
            ServiceRuntimeTest.class,
            "config",
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
                    "config",
                    r -> {
                      r.add(() -> closed.add("pool"));
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(closed).containsExactly("pool");
  }
}
