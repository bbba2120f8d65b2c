package dev.outbox.order.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.client.consume.Upcaster;

/**
 * How order-app reads customer events an older customer-app wrote. Every customer event carries the
 * customer's state in {@code customer}, so one step serves all six types.
 */
public final class CustomerEventUpcasts {

  /**
   * v1 to v2: the state gains {@code postalAddress}, derived from {@code address} by {@link
   * PostalAddress#fromLine} (the rule customer-app v2 applies when it writes the event; the two
   * must stay the same). A payload that has one already keeps it.
   */
  public static final Upcaster V1_TO_V2 = CustomerEventUpcasts::addPostalAddress;

  private CustomerEventUpcasts() {}

  private static ObjectNode addPostalAddress(ObjectNode payload) {
    JsonNode customer = payload.get("customer");
    if (customer instanceof ObjectNode state && !state.has("postalAddress")) {
      // A v1 payload was valid under its schema before this runs: address is a string.
      PostalAddress postal = PostalAddress.fromLine(state.path("address").asText());
      if (postal == null) {
        state.putNull("postalAddress");
      } else {
        ObjectNode node = state.putObject("postalAddress");
        node.put("street", postal.street());
        node.put("city", postal.city());
      }
    }
    return payload;
  }
}
