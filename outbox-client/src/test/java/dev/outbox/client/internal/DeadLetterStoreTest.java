package dev.outbox.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The encoding of a dead letter's headers: what the consumer writes, DeadLetters reads back. */
class DeadLetterStoreTest {

  @Test
  void headers_read_back_exactly_as_written() throws Exception {
    var headers = new LinkedHashMap<String, String>();
    headers.put("ce_id", "7b0c6f8e-2d1a-4c3b-9e8f-0a1b2c3d4e5f");
    headers.put("ce_time", "2026-11-26T13:05:00.123456Z");
    headers.put("quoted", "a \"b\" \\ c");
    headers.put("unicode", "Zoë 北京 \u2603");
    headers.put("empty", "");
    headers.put("json-looking", "{\"not\":\"parsed\"}");

    String json = DeadLetterStore.writeHeaders(headers);

    assertThat(DeadLetterStore.readHeaders(json)).isEqualTo(Map.copyOf(headers));
  }

  @Test
  void no_headers_is_an_empty_object() throws Exception {
    assertThat(DeadLetterStore.writeHeaders(Map.of())).isEqualTo("{}");
    assertThat(DeadLetterStore.readHeaders("{}")).isEmpty();
  }
}
