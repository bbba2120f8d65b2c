package dev.outbox.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigDecimal MAX = new BigDecimal("1000.00");

  private static JsonFields fields(String json) {
    try {
      return new JsonFields((ObjectNode) JSON.readTree(json));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void an_unknown_field_is_refused_listing_the_known_ones_but_ignored_ones_pass() {
    JsonFields body = fields("{\"name\":\"a\",\"id\":\"x\",\"nmae\":\"b\"}");

    assertThatThrownBy(() -> body.rejectUnknown(Set.of("name", "email"), Set.of("id")))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("nmae: unknown field; expected email, name");
    fields("{\"name\":\"a\",\"id\":\"x\"}").rejectUnknown(Set.of("name"), Set.of("id"));
  }

  @Test
  void strings_are_required_typed_bounded_and_optionally_not_blank() {
    assertThat(fields("{\"s\":\"  \"}").string("s", 5, true)).isEqualTo("  ");
    assertThatThrownBy(() -> fields("{}").string("s", 5, true)).hasMessage("s: is required");
    assertThatThrownBy(() -> fields("{\"s\":null}").string("s", 5, true))
        .hasMessage("s: is required");
    assertThatThrownBy(() -> fields("{\"s\":1}").string("s", 5, true))
        .hasMessage("s: must be a string, was number");
    assertThatThrownBy(() -> fields("{\"s\":\" \"}").string("s", 5, false))
        .hasMessage("s: must not be blank");
    assertThatThrownBy(() -> fields("{\"s\":\"123456\"}").string("s", 5, false))
        .hasMessage("s: must be at most 5 characters");
  }

  @Test
  void amounts_are_non_negative_numbers_with_two_decimals_at_most() {
    assertThat(fields("{\"a\":12.50}").amount("a", MAX)).isEqualByComparingTo("12.5");
    assertThat(fields("{\"a\":1000.000}").amount("a", MAX)).isEqualByComparingTo("1000");
    assertThatThrownBy(() -> fields("{\"a\":\"1\"}").amount("a", MAX))
        .hasMessage("a: must be a number, was string");
    assertThatThrownBy(() -> fields("{\"a\":-1}").amount("a", MAX))
        .hasMessage("a: must not be negative");
    assertThatThrownBy(() -> fields("{\"a\":1.001}").amount("a", MAX))
        .hasMessage("a: must have at most 2 decimals");
    assertThatThrownBy(() -> fields("{\"a\":1000.01}").amount("a", MAX))
        .hasMessage("a: must be at most 1000.00");
  }

  @Test
  void integers_are_whole_and_within_bounds() {
    assertThat(fields("{\"q\":3}").integer("q", 1, 3)).isEqualTo(3);
    assertThatThrownBy(() -> fields("{\"q\":1.5}").integer("q", 1, 3))
        .hasMessage("q: must be a whole number, was number");
    assertThatThrownBy(() -> fields("{\"q\":0}").integer("q", 1, 3))
        .hasMessage("q: must be between 1 and 3");
    assertThatThrownBy(() -> fields("{\"q\":99999999999}").integer("q", 1, 3))
        .hasMessage("q: must be between 1 and 3");
  }

  @Test
  void an_optional_version_is_absent_or_a_whole_number_of_at_least_one() {
    assertThat(fields("{}").optionalVersion("version")).isEmpty();
    assertThat(fields("{\"version\":null}").optionalVersion("version")).isEmpty();
    assertThat(fields("{\"version\":4}").optionalVersion("version")).hasValue(4);
    assertThatThrownBy(() -> fields("{\"version\":0}").optionalVersion("version"))
        .hasMessage("version: must be a whole number of at least 1");
    assertThatThrownBy(() -> fields("{\"version\":\"4\"}").optionalVersion("version"))
        .hasMessage("version: must be a whole number of at least 1");
  }

  @Test
  void a_uuid_must_be_in_canonical_form() {
    UUID id = UUID.randomUUID();

    assertThat(fields("{\"id\":\"" + id + "\"}").uuid("id")).isEqualTo(id);
    assertThatThrownBy(() -> fields("{\"id\":\"1-2-3-4-5\"}").uuid("id"))
        .hasMessage("id: must be a UUID, was '1-2-3-4-5'");
  }

  @Test
  void nested_objects_name_their_fields_by_path() {
    JsonFields body = fields("{\"lines\":[{\"sku\":\"A\"},{\"sku\":7}]}");

    List<JsonFields> lines = body.objects("lines", 1, 5);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).string("sku", 10, false)).isEqualTo("A");
    assertThatThrownBy(() -> lines.get(1).string("sku", 10, false))
        .hasMessage("lines[1].sku: must be a string, was number");
    assertThatThrownBy(() -> lines.get(1).rejectUnknown(Set.of("qty"), Set.of()))
        .hasMessage("lines[1].sku: unknown field; expected qty");
  }

  @Test
  void arrays_of_objects_are_bounded_and_hold_objects_only() {
    assertThatThrownBy(() -> fields("{\"lines\":{}}").objects("lines", 1, 2))
        .hasMessage("lines: must be an array, was object");
    assertThatThrownBy(() -> fields("{\"lines\":[]}").objects("lines", 1, 2))
        .hasMessage("lines: must have between 1 and 2 elements");
    assertThatThrownBy(() -> fields("{\"lines\":[{},{},{}]}").objects("lines", 1, 2))
        .hasMessage("lines: must have between 1 and 2 elements");
    assertThatThrownBy(() -> fields("{\"lines\":[{},\"x\"]}").objects("lines", 1, 2))
        .hasMessage("lines[1]: must be an object, was string");
  }
}
