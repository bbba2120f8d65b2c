package dev.outbox.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BadRequestsTest {

  private static final String VALID = "{\"name\":\"Ada\",\"limit\":1}";

  @Test
  void a_raw_value_replaces_the_field_and_nothing_else() {
    assertThat(BadRequests.withRaw(VALID, "name", "\"A\\u0000B\""))
        .isEqualTo("{\"name\":\"A\\u0000B\",\"limit\":1}");
    assertThat(BadRequests.withRawBytes(VALID, "name", new byte[] {'"', (byte) 0xC3, '"'}))
        .containsExactly(concat("{\"name\":", new byte[] {'"', (byte) 0xC3, '"'}, ",\"limit\":1}"));
  }

  @Test
  void every_malformed_body_names_the_endpoint_and_expects_a_4xx() {
    List<BadRequest> cases = BadRequests.malformedBodies("POST", "/things", VALID, "name").toList();

    assertThat(cases).hasSizeGreaterThan(15);
    assertThat(cases)
        .allSatisfy(
            c -> {
              assertThat(c.label()).startsWith("POST /things: ");
              assertThat(c.status()).isBetween(400, 499);
            });
    assertThat(cases).extracting(BadRequest::label).doesNotHaveDuplicates();
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] c = after.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(middle, 0, all, a.length, middle.length);
    System.arraycopy(c, 0, all, a.length + middle.length, c.length);
    return all;
  }
}
