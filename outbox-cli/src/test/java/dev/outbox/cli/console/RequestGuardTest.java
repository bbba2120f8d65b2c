package dev.outbox.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RequestGuardTest {

  private final RequestGuard guard =
      new RequestGuard(InetAddress.getLoopbackAddress(), 8090, "s3cret", false);

  @Test
  void the_bound_address_and_its_localhost_forms_are_answered() {
    assertThat(guard.refusal("127.0.0.1:8090", null)).isNull();
    assertThat(guard.refusal("localhost:8090", "http://localhost:8090")).isNull();
    assertThat(guard.refusal("[::1]:8090", null)).isNull();
  }

  @Test
  void another_host_or_port_is_refused_as_dns_rebinding() {
    assertThat(guard.refusal("evil.example:8090", null)).contains("Host was 'evil.example:8090'");
    assertThat(guard.refusal("127.0.0.1:9999", null)).isNotNull();
    assertThat(guard.refusal(null, null)).contains("Host was missing");
  }

  @Test
  void an_origin_of_another_site_is_refused() {
    assertThat(guard.refusal("127.0.0.1:8090", "http://evil.example"))
        .contains("another site (Origin 'http://evil.example')");
    assertThat(guard.refusal("127.0.0.1:8090", "null")).isNotNull();
  }

  @Test
  void actions_need_the_exact_token() {
    assertThat(guard.actionsEnabled()).isTrue();
    assertThat(guard.actionRefusal("s3cret")).isNull();
    assertThat(guard.actionRefusal(null)).contains("X-Outbox-Console-Token");
    assertThat(guard.actionRefusal("s3cre")).contains("not this console's token");
  }

  @Test
  void a_read_only_console_refuses_every_action_even_with_its_token() {
    RequestGuard readOnly =
        new RequestGuard(InetAddress.getLoopbackAddress(), 8090, "s3cret", true);
    assertThat(readOnly.actionsEnabled()).isFalse();
    assertThat(readOnly.actionRefusal("s3cret")).contains("this console is read-only");
  }
}
