package dev.outbox.client.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceParentTest {

  private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void parses_a_w3c_traceparent() {
    assertThat(TraceParent.parse(" " + VALID + " ")).contains(new TraceParent(VALID));
    assertThat(new TraceParent(VALID).traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void ignores_absent_or_malformed_values() {
    assertThat(TraceParent.parse(null)).isEmpty();
    assertThat(TraceParent.parse("")).isEmpty();
    assertThat(TraceParent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
        .isEmpty();
    assertThat(TraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
        .isEmpty();
    assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"))
        .isEmpty();
    assertThat(TraceParent.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .isEmpty();
    assertThatThrownBy(() -> new TraceParent("nonsense"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thread_local_scope_sets_and_restores_the_current_trace() {
    TraceContext context = TraceContext.threadLocal();
    TraceParent outer = new TraceParent(VALID);
    TraceParent inner = new TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b7-00");

    assertThat(context.current()).isEmpty();
    ThreadLocalTraceContext.Scope a = ThreadLocalTraceContext.open(outer);
    ThreadLocalTraceContext.Scope b = ThreadLocalTraceContext.open(inner);
    assertThat(context.current()).contains(inner);
    b.close();
    assertThat(context.current()).contains(outer);
    a.close();
    assertThat(context.current()).isEmpty();
    assertThat(TraceContext.none().current()).isEmpty();
  }
}
