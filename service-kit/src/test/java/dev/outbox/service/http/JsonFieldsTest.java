package dev.outbox.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

  private static final BigDecimal MAX = new BigDecimal("1000.00");

  private static JsonFields fields(String json) {
    return new JsonFields(JsonBodies.parseObject(json.getBytes(StandardCharsets.UTF_8)));
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
  void lengths_count_characters_not_utf16_units_and_nothing_is_trimmed() {
    String faces = "\uD83D\uDE00".repeat(5);

    assertThat(fields("{\"s\":\"" + faces + "\"}").string("s", 5, false)).isEqualTo(faces);
    assertThat(fields("{\"s\":\" a \"}").string("s", 5, false)).isEqualTo(" a ");
  }

  @Test
  void amounts_are_plain_non_negative_numbers_with_two_decimals_at_most() {
    assertThat(fields("{\"a\":12.50}").amount("a", MAX)).isEqualByComparingTo("12.5");
    assertThat(fields("{\"a\":0}").amount("a", MAX)).isEqualByComparingTo("0");
    assertThat(fields("{\"a\":1000}").amount("a", MAX)).isEqualByComparingTo("1000");
    assertThatThrownBy(() -> fields("{\"a\":\"1\"}").amount("a", MAX))
        .hasMessage("a: must be a number, was string");
    assertThatThrownBy(() -> fields("{\"a\":true}").amount("a", MAX))
        .hasMessage("a: must be a number, was boolean");
    assertThatThrownBy(() -> fields("{\"a\":-1}").amount("a", MAX))
        .hasMessage("a: must not be negative");
    assertThatThrownBy(() -> fields("{\"a\":1.001}").amount("a", MAX))
        .hasMessage("a: must have at most 2 decimals, was 1.001");
    assertThatThrownBy(() -> fields("{\"a\":1000.01}").amount("a", MAX))
        .hasMessage("a: must be at most 1000.00");
  }

  @Test
  void amounts_that_a_number_type_would_normalise_are_refused_not_altered() {
    assertThatThrownBy(() -> fields("{\"a\":100.000}").amount("a", MAX))
        .hasMessage("a: must have at most 2 decimals, was 100.000");
    assertThatThrownBy(() -> fields("{\"a\":1e2}").amount("a", MAX))
        .hasMessage("a: must be written without an exponent, was 1e2");
    assertThatThrownBy(() -> fields("{\"a\":1.5E1}").amount("a", MAX))
        .hasMessage("a: must be written without an exponent, was 1.5E1");
    assertThatThrownBy(() -> fields("{\"a\":-0}").amount("a", MAX))
        .hasMessage("a: must not be negative zero");
    assertThatThrownBy(() -> fields("{\"a\":-0.00}").amount("a", MAX))
        .hasMessage("a: must not be negative zero");
    assertThatThrownBy(() -> fields("{\"a\":" + "9".repeat(400) + "}").amount("a", MAX))
        .hasMessage("a: must be at most 1000.00");
  }

  @Test
  void integers_are_whole_numbers_written_as_digits_within_bounds() {
    assertThat(fields("{\"q\":3}").integer("q", 1, 3)).isEqualTo(3);
    assertThatThrownBy(() -> fields("{\"q\":1.5}").integer("q", 1, 3))
        .hasMessage("q: must be a whole number written as digits, was 1.5");
    assertThatThrownBy(() -> fields("{\"q\":1.0}").integer("q", 1, 3))
        .hasMessage("q: must be a whole number written as digits, was 1.0");
    assertThatThrownBy(() -> fields("{\"q\":1e2}").integer("q", 1, 300))
        .hasMessage("q: must be a whole number written as digits, was 1e2");
    assertThatThrownBy(() -> fields("{\"q\":-0}").integer("q", 0, 3))
        .hasMessage("q: must not be negative zero");
    assertThatThrownBy(() -> fields("{\"q\":\"2\"}").integer("q", 1, 3))
        .hasMessage("q: must be a number, was string");
    assertThatThrownBy(() -> fields("{\"q\":0}").integer("q", 1, 3))
        .hasMessage("q: must be between 1 and 3");
    assertThatThrownBy(() -> fields("{\"q\":99999999999999999999}").integer("q", 1, 3))
        .hasMessage("q: must be between 1 and 3");
  }

  @Test
  void an_optional_version_is_absent_or_a_whole_number_of_at_least_one() {
    assertThat(fields("{}").optionalVersion("version")).isEmpty();
    assertThat(fields("{\"version\":null}").optionalVersion("version")).isEmpty();
    assertThat(fields("{\"version\":4}").optionalVersion("version")).hasValue(4);
    assertThatThrownBy(() -> fields("{\"version\":0}").optionalVersion("version"))
        .hasMessage("version: must be a whole number of at least 1, was 0");
    assertThatThrownBy(() -> fields("{\"version\":\"4\"}").optionalVersion("version"))
        .hasMessage("version: must be a whole number of at least 1, was string");
    assertThatThrownBy(() -> fields("{\"version\":4.0}").optionalVersion("version"))
        .hasMessage("version: must be a whole number of at least 1, was 4.0");
    assertThatThrownBy(() -> fields("{\"version\":9223372036854775808}").optionalVersion("version"))
        .hasMessage("version: must be a whole number of at least 1, was 9223372036854775808");
  }

  @Test
  void a_uuid_must_be_in_canonical_form() {
    UUID id = UUID.randomUUID();

    assertThat(fields("{\"id\":\"" + id + "\"}").uuid("id")).isEqualTo(id);
    assertThatThrownBy(() -> fields("{\"id\":\"1-2-3-4-5\"}").uuid("id"))
        .hasMessage("id: must be a UUID in lowercase 8-4-4-4-12 form, was '1-2-3-4-5'");
    assertThatThrownBy(() -> fields("{\"id\":\"" + id.toString().toUpperCase() + "\"}").uuid("id"))
        .hasMessageStartingWith("id: must be a UUID in lowercase");
    assertThatThrownBy(() -> fields("{\"id\":42}").uuid("id"))
        .hasMessage("id: must be a string, was number");
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
