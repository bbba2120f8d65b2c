package dev.outbox.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.contracts.Incompatibility.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compatibility of schema pairs: each change a team makes to an event, under the tolerant
 * reader, with what the finding says. Schemas inline (single quotes) or from {@code
 * src/test/resources/compatibility/}.
 */
class SchemaCompatibilityTest {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES);

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static JsonNode resource(String name) {
    try (InputStream in =
        SchemaCompatibilityTest.class.getResourceAsStream("/compatibility/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A closed object schema with these properties (JSON text) and required names. */
  private static JsonNode closed(String properties, String... required) {
    return json(
        "{'type': 'object', 'additionalProperties': false, 'required': "
            + JSON.valueToTree(List.of(required))
            + ", 'properties': {"
            + properties
            + "}}");
  }

  @Test
  void a_removed_required_property_breaks_old_readers_only() {
    JsonNode older =
        closed("'id': {'type': 'string'}, 'address': {'type': 'string'}", "id", "address");
    JsonNode newer = closed("'id': {'type': 'string'}", "id");

    assertThat(SchemaCompatibility.backward(older, newer)).isEmpty();
    assertThat(SchemaCompatibility.check(Compatibility.FULL, older, newer))
        .containsExactly(
            new Incompatibility(
                Direction.FORWARD,
                "$.address",
                "required",
                "required property 'address' removed: readers of the old schema require it"));
  }

  @Test
  void an_added_required_property_breaks_new_readers_of_old_events() {
    JsonNode older = closed("'id': {'type': 'string'}", "id");
    JsonNode newer = closed("'id': {'type': 'string'}, 'email': {'type': 'string'}", "id", "email");

    assertThat(SchemaCompatibility.forward(older, newer)).isEmpty();
    assertThat(SchemaCompatibility.check(Compatibility.FULL, older, newer))
        .singleElement()
        .satisfies(
            found -> {
              assertThat(found.direction()).isEqualTo(Direction.BACKWARD);
              assertThat(found.path()).isEqualTo("$.email");
              assertThat(found.message())
                  .isEqualTo("required property 'email' added: events of the old schema lack it");
            });
  }

  @Test
  void an_optional_property_made_required_is_reported_as_such() {
    JsonNode older = closed("'id': {'type': 'string'}, 'email': {'type': 'string'}", "id");
    JsonNode newer = closed("'id': {'type': 'string'}, 'email': {'type': 'string'}", "id", "email");

    assertThat(SchemaCompatibility.backward(older, newer))
        .extracting(Incompatibility::message)
        .containsExactly("property 'email' made required: the old schema does not guarantee it");
    assertThat(SchemaCompatibility.forward(newer, older))
        .extracting(Incompatibility::message)
        .containsExactly("property 'email' made optional: readers of the old schema require it");
  }

  @Test
  void an_added_optional_property_keeps_full_compatibility_even_between_closed_schemas() {
    JsonNode older = closed("'id': {'type': 'string'}", "id");
    JsonNode newer = closed("'id': {'type': 'string'}, 'nickname': {'type': 'string'}", "id");

    assertThat(SchemaCompatibility.check(Compatibility.FULL, older, newer)).isEmpty();
    assertThat(SchemaCompatibility.check(Compatibility.FULL, newer, older)).isEmpty();
  }

  @Test
  void an_optional_property_added_to_an_open_schema_may_meet_any_old_value() {
    JsonNode older = json("{'type': 'object', 'properties': {'id': {'type': 'string'}}}");
    JsonNode newer =
        json(
            "{'type': 'object', 'properties': {'id': {'type': 'string'}, 'nickname': {'type':"
                + " 'string'}}}");

    assertThat(SchemaCompatibility.backward(older, newer))
        .singleElement()
        .satisfies(
            found -> {
              assertThat(found.path()).isEqualTo("$.nickname");
              assertThat(found.keyword()).isEqualTo("additionalProperties");
              assertThat(found.message()).contains("the old schema is open");
            });
    assertThat(SchemaCompatibility.forward(older, newer)).isEmpty();
  }

  @Test
  void a_changed_type_breaks_both_directions() {
    JsonNode older = closed("'zip': {'type': 'string'}", "zip");
    JsonNode newer = closed("'zip': {'type': 'integer'}", "zip");

    assertThat(SchemaCompatibility.check(Compatibility.FULL, older, newer))
        .extracting(Incompatibility::direction, Incompatibility::path, Incompatibility::message)
        .containsExactly(
            tuple(
                Direction.BACKWARD,
                "$.zip",
                "type changed from string to integer: the new schema no longer accepts string"),
            tuple(
                Direction.FORWARD,
                "$.zip",
                "type changed from string to integer: readers of the old schema do not accept"
                    + " integer"));
  }

  @Test
  void widening_integer_to_number_is_backward_but_not_forward() {
    JsonNode older = closed("'quantity': {'type': 'integer', 'minimum': 1}", "quantity");
    JsonNode newer = closed("'quantity': {'type': 'number', 'minimum': 1}", "quantity");

    assertThat(SchemaCompatibility.backward(older, newer)).isEmpty();
    assertThat(SchemaCompatibility.forward(older, newer))
        .extracting(Incompatibility::message)
        .containsExactly(
            "type changed from integer to number: readers of the old schema do not accept number");
  }

  @Test
  void a_type_array_that_loses_null_no_longer_reads_null() {
    JsonNode older = closed("'deletedAt': {'type': ['string', 'null']}", "deletedAt");
    JsonNode newer = closed("'deletedAt': {'type': 'string'}", "deletedAt");

    assertThat(SchemaCompatibility.backward(older, newer))
        .extracting(Incompatibility::message)
        .containsExactly(
            "type changed from string or null to string: the new schema no longer accepts null");
    assertThat(SchemaCompatibility.forward(older, newer)).isEmpty();
  }

  @Test
  void a_narrowed_enum_breaks_new_readers_and_names_the_values() {
    JsonNode older = closed("'status': {'enum': ['PENDING', 'CONFIRMED', 'REJECTED']}", "status");
    JsonNode newer = closed("'status': {'enum': ['PENDING', 'CONFIRMED']}", "status");

    assertThat(SchemaCompatibility.forward(older, newer)).isEmpty();
    assertThat(SchemaCompatibility.backward(older, newer))
        .extracting(Incompatibility::path, Incompatibility::keyword, Incompatibility::message)
        .containsExactly(tuple("$.status", "enum", "enum narrowed: 'REJECTED' no longer allowed"));
  }

  @Test
  void a_widened_enum_breaks_old_readers_and_names_the_values() {
    JsonNode older = closed("'status': {'type': 'string', 'enum': ['PENDING']}", "status");
    JsonNode newer =
        closed("'status': {'type': 'string', 'enum': ['PENDING', 'SHIPPED', 'LOST']}", "status");

    assertThat(SchemaCompatibility.backward(older, newer)).isEmpty();
    assertThat(SchemaCompatibility.forward(older, newer))
        .extracting(Incompatibility::message)
        .containsExactly(
            "enum widened: 'SHIPPED', 'LOST' added, which readers of the old schema do not allow");
  }

  @Test
  void an_enum_or_const_added_where_any_value_was_allowed_breaks_new_readers() {
    JsonNode older = closed("'kind': {'type': 'string'}", "kind");
    JsonNode newer = closed("'kind': {'const': 'retail'}", "kind");

    assertThat(SchemaCompatibility.backward(older, newer))
        .extracting(Incompatibility::message)
        .containsExactly("const added ('retail'): the old schema allowed other values");
    assertThat(SchemaCompatibility.forward(older, newer)).isEmpty();
  }

  @Test
  void a_tightened_max_length_breaks_new_readers_and_a_loosened_one_old_readers() {
    JsonNode older = closed("'name': {'type': 'string', 'maxLength': 500}", "name");
    JsonNode newer = closed("'name': {'type': 'string', 'maxLength': 200}", "name");

    assertThat(SchemaCompatibility.backward(older, newer))
        .extracting(Incompatibility::keyword, Incompatibility::message)
        .containsExactly(tuple("maxLength", "maxLength tightened from 500 to 200"));
    assertThat(SchemaCompatibility.forward(older, newer)).isEmpty();
    assertThat(SchemaCompatibility.forward(newer, older))
        .extracting(Incompatibility::message)
        .containsExactly("maxLength loosened from 200 to 500");
    assertThat(SchemaCompatibility.forward(older, closed("'name': {'type': 'string'}", "name")))
        .extracting(Incompatibility::message)
        .containsExactly("maxLength 500 removed");
  }

  @Test
  void numeric_bounds_compare_inclusive_and_exclusive_limits() {
    JsonNode atLeastZero = closed("'amount': {'type': 'number', 'minimum': 0}", "amount");
    JsonNode aboveZero = closed("'amount': {'type': 'number', 'exclusiveMinimum': 0}", "amount");

    assertThat(SchemaCompatibility.backward(atLeastZero, aboveZero))
        .extracting(Incompatibility::message)
        .containsExactly("lower bound tightened from >= 0 to > 0");
    assertThat(SchemaCompatibility.backward(aboveZero, atLeastZero)).isEmpty();

    // For integers, > 0 and >= 1 are the same bound.
    JsonNode countAboveZero =
        closed("'count': {'type': 'integer', 'exclusiveMinimum': 0}", "count");
    JsonNode countFromOne = closed("'count': {'type': 'integer', 'minimum': 1}", "count");
    assertThat(SchemaCompatibility.check(Compatibility.FULL, countAboveZero, countFromOne))
        .isEmpty();
  }

  @Test
  void a_changed_pattern_is_reported_as_undecidable() {
    JsonNode older = closed("'sku': {'type': 'string', 'pattern': '^[A-Z]+-[0-9]+$'}", "sku");
    JsonNode newer = closed("'sku': {'type': 'string', 'pattern': '^[A-Z]+-[0-9]{3}$'}", "sku");

    assertThat(SchemaCompatibility.check(Compatibility.FULL, older, older)).isEmpty();
    assertThat(SchemaCompatibility.backward(older, newer))
        .singleElement()
        .satisfies(
            found -> {
              assertThat(found.keyword()).isEqualTo("pattern");
              assertThat(found.message())
                  .startsWith("pattern changed from '^[A-Z]+-[0-9]+$' to '^[A-Z]+-[0-9]{3}$'")
                  .contains("undecidable")
                  .endsWith("keep it unchanged or use rule NONE");
            });
  }

  @Test
  void a_wider_format_reads_a_narrower_one() {
    JsonNode email = closed("'contact': {'type': 'string', 'format': 'email'}", "contact");
    JsonNode idnEmail = closed("'contact': {'type': 'string', 'format': 'idn-email'}", "contact");

    assertThat(SchemaCompatibility.backward(email, idnEmail)).isEmpty();
    assertThat(SchemaCompatibility.forward(email, idnEmail))
        .extracting(Incompatibility::message)
        .containsExactly("format changed from 'email' to 'idn-email'");
  }

  @Test
  void a_change_inside_a_referenced_definition_is_found_at_its_payload_path() {
    JsonNode older = resource("customer.v1.schema.json");
    JsonNode newer = resource("customer.v2.schema.json");

    assertThat(SchemaCompatibility.check(Compatibility.FULL, older, newer))
        .extracting(Incompatibility::direction, Incompatibility::path, Incompatibility::message)
        .containsExactlyInAnyOrder(
            tuple(
                Direction.BACKWARD,
                "$.customer.postalAddress.city",
                "type changed from string to integer: the new schema no longer accepts string"),
            tuple(
                Direction.BACKWARD,
                "$.customer.postalAddress.country",
                "required property 'country' added: events of the old schema lack it"),
            tuple(
                Direction.FORWARD,
                "$.customer.postalAddress.city",
                "type changed from string to integer: readers of the old schema do not accept"
                    + " integer"));
  }

  @Test
  void a_change_of_the_items_of_an_array_is_found_at_every_element() {
    JsonNode older = resource("order.v1.schema.json");
    JsonNode newer = resource("order.v2.schema.json");

    assertThat(SchemaCompatibility.check(Compatibility.FULL, older, newer))
        .extracting(Incompatibility::direction, Incompatibility::path, Incompatibility::keyword)
        .containsExactlyInAnyOrder(
            tuple(Direction.BACKWARD, "$.lines", "minItems"),
            tuple(Direction.BACKWARD, "$.lines[*].quantity", "type"),
            tuple(Direction.FORWARD, "$.lines[*].quantity", "type"));
  }

  @Test
  void a_recursive_schema_is_compared_without_looping() {
    String tree =
        "{'$defs': {'node': {'type': 'object', 'additionalProperties': false, 'properties':"
            + " {'name': {'type': '%s'}, 'children': {'type': 'array', 'items': {'$ref':"
            + " '#/$defs/node'}}}}}, '$ref': '#/$defs/node'}";
    JsonNode older = json(tree.formatted("string"));
    JsonNode newer = json(tree.formatted("integer"));

    assertThat(SchemaCompatibility.check(Compatibility.FULL, older, older)).isEmpty();
    assertThat(SchemaCompatibility.backward(older, newer))
        .extracting(Incompatibility::path)
        .containsExactly("$.name");
  }

  @Test
  void combinators_are_compared_only_for_being_the_same() {
    String either =
        "{'type': 'object', 'properties': {'contact': {'oneOf': [{'$ref': '#/$defs/%s'},"
            + " {'type': 'null'}]}}, '$defs': {'%<s': {'type': 'string', 'format': 'email'}}}";
    JsonNode older = json(either.formatted("email"));
    JsonNode renamed = json(either.formatted("mail"));
    JsonNode changed =
        json(
            "{'type': 'object', 'properties': {'contact': {'oneOf': [{'type': 'string'},"
                + " {'type': 'integer'}]}}}");

    // The same alternatives, though the definition they refer to is named differently.
    assertThat(SchemaCompatibility.check(Compatibility.FULL, older, renamed)).isEmpty();
    assertThat(SchemaCompatibility.backward(older, changed))
        .extracting(Incompatibility::path, Incompatibility::keyword, Incompatibility::message)
        .containsExactly(
            tuple(
                "$.contact",
                "oneOf",
                "cannot compare oneOf (changed); keep it unchanged or use rule NONE"));
    assertThat(SchemaCompatibility.backward(changed, json("{'type': 'object'}")))
        .extracting(Incompatibility::message)
        .isEmpty();
    assertThat(
            SchemaCompatibility.forward(
                json("{'type': 'object'}"),
                json("{'type': 'object', 'allOf': [{'required': ['id']}]}")))
        .extracting(Incompatibility::message)
        .containsExactly(
            "cannot compare allOf (in the new schema only); keep it unchanged or use rule NONE");
  }

  @Test
  void a_reference_that_leads_nowhere_is_reported() {
    JsonNode older = closed("'id': {'type': 'string'}", "id");
    JsonNode newer = closed("'id': {'$ref': '#/$defs/missing'}", "id");

    assertThat(SchemaCompatibility.backward(older, newer))
        .extracting(Incompatibility::message)
        .containsExactly(
            "cannot resolve $ref '#/$defs/missing' in the new schema: only references inside the"
                + " document (#/$defs/...) are followed");
  }

  @Test
  void the_rule_says_which_directions_are_checked() {
    JsonNode older = closed("'status': {'enum': ['A']}", "status");
    JsonNode newer = closed("'status': {'enum': ['A', 'B']}", "status");

    assertThat(SchemaCompatibility.check(Compatibility.BACKWARD, older, newer)).isEmpty();
    assertThat(SchemaCompatibility.check(Compatibility.NONE, older, newer)).isEmpty();
    assertThat(SchemaCompatibility.check(Compatibility.FORWARD, older, newer)).hasSize(1);
    assertThat(SchemaCompatibility.check(Compatibility.FULL, older, newer)).hasSize(1);
    // canRead(reader, writer) takes the writer as the old schema.
    assertThat(SchemaCompatibility.canRead(older, newer))
        .extracting(Incompatibility::message)
        .containsExactly("enum narrowed: 'B' no longer allowed");
  }
}
