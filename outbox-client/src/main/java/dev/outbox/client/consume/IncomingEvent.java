package dev.outbox.client.consume;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record as the runtime needs it, whether it comes from Kafka or back from a dead letter.
 *
 * @param headers header values as UTF-8 text; the last one wins when a name repeats
 * @param payload the value as UTF-8 text, null for a null value
 */
record IncomingEvent(
    String topic,
    int partition,
    long offset,
    String key,
    Map<String, String> headers,
    String payload) {

  static IncomingEvent of(ConsumerRecord<String, byte[]> record) {
    var headers = new LinkedHashMap<String, String>();
    for (Header header : record.headers()) {
      headers.put(
          header.key(),
          header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
    String payload =
        record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
    return new IncomingEvent(
        record.topic(),
        record.partition(),
        record.offset(),
        record.key(),
        Collections.unmodifiableMap(headers),
        payload);
  }

  @Override
  public String toString() {
    // Never the payload: it may hold personal data.
    return topic + "-" + partition + "@" + offset + " key=" + key;
  }
}
