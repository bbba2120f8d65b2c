package dev.outbox.client.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON form of event payloads that both the writer and the consumer use by default. */
public final class EventJson {

  private EventJson() {}

  /**
   * A new mapper: {@code java.time} values as ISO-8601 strings, {@code BigDecimal} as plain JSON
   * numbers, and unknown properties ignored on read, so that a producer may add a field without
   * breaking consumers that do not know it yet (a removed or retyped field still fails).
   */
  public static ObjectMapper defaultMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        // Keeps 1000.00 as 1000.00 through a JsonNode (the consumer reads a tree first), instead of
        // the normalised 1E+3 that would then reach the event record.
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .build();
  }
}
