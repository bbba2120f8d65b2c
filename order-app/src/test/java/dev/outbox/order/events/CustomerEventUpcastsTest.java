package dev.outbox.order.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.client.event.CatalogSchemas;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.contracts.JsonSchemaSet;
import dev.outbox.contracts.SchemaKey;
import dev.outbox.testing.EventContract;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The upcaster from v1 to v2 against the shared examples (v2, whose postal addresses customer-app
 * derived): the example without its postal address is a valid v1 payload, and upcasting it gives
 * the example back, valid under v2.
 */
class CustomerEventUpcastsTest {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
  private static final EventCatalog<CustomerEvent> CATALOG =
      EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class);
  private static final JsonSchemaSet SCHEMAS = CatalogSchemas.fromClasspath(CATALOG);

  static Stream<String> types() {
    return CATALOG.eventTypes().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("types")
  void a_v1_payload_upcast_is_the_v2_example(String type) throws IOException {
    JsonNode example =
        JSON.readTree(
                EventContract.contracts()
                    .resolve(CustomerEvent.AGGREGATE_TYPE)
                    .resolve(type + ".json")
                    .toFile())
            .get("payload");
    ObjectNode v1 = example.deepCopy();
    ((ObjectNode) v1.get("customer")).remove("postalAddress");
    assertThat(SCHEMAS.validate(new SchemaKey("customer", type, 1), v1)).isEmpty();

    ObjectNode v2 = CustomerEventUpcasts.V1_TO_V2.upcast(v1.deepCopy());

    assertThat(v2).isEqualTo(example);
    assertThat(SCHEMAS.validate(new SchemaKey("customer", type, 2), v2)).isEmpty();
  }

  @Test
  void a_blank_address_upcasts_to_a_null_postal_address() {
    ObjectNode v1 = JSON.createObjectNode();
    v1.putObject("customer").put("address", " \t");

    JsonNode v2 = CustomerEventUpcasts.V1_TO_V2.upcast(v1);

    assertThat(v2.get("customer").has("postalAddress")).isTrue();
    assertThat(v2.get("customer").get("postalAddress").isNull()).isTrue();
  }

  @Test
  void a_line_without_a_city_upcasts_to_a_null_city() {
    ObjectNode v1 = JSON.createObjectNode();
    v1.putObject("customer").put("address", "1 Road,");

    JsonNode postal = CustomerEventUpcasts.V1_TO_V2.upcast(v1).get("customer").get("postalAddress");

    assertThat(postal).isEqualTo(JSON.createObjectNode().put("street", "1 Road").putNull("city"));
  }
}
