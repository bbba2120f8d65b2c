package dev.outbox.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonBodiesTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("empty", new byte[0], "request body is empty: expected a JSON object"),
        Arguments.of("blank", utf8("  \n"), "request body is empty: expected a JSON object"),
        Arguments.of("not JSON", utf8("name=Ada"), "request body: malformed JSON: Unrecognized"),
        Arguments.of(
            "an array", utf8("[1,2]"), "request body: must be a JSON object, was an array"),
        Arguments.of(
            "a string", utf8("\"x\""), "request body: must be a JSON object, was a string"),
        Arguments.of(
            "truncated", utf8("{\"name\": \"A\","), "request body: malformed JSON: Unexpected end"),
        Arguments.of(
            "trailing garbage",
            utf8("{\"name\":\"A\"} x"),
            "request body: malformed JSON: Unrecognized token 'x'"),
        Arguments.of(
            "a second object",
            utf8("{} {}"),
            "request body: malformed JSON: more content after the JSON object"),
        Arguments.of(
            "a duplicate field",
            utf8("{\"name\":\"A\",\"name\":\"B\"}"),
            "name: appears twice in the request body"),
        Arguments.of(
            "a duplicate nested field",
            utf8("{\"lines\":[{\"sku\":\"A\",\"sku\":\"B\"}]}"),
            "lines[0].sku: appears twice in the request body"),
        Arguments.of(
            "an escaped U+0000",
            utf8("{\"lines\":[{\"sku\":\"A\\u0000B\"}]}"),
            "lines[0].sku: must not contain U+0000 (PostgreSQL cannot store it)"),
        Arguments.of(
            "a raw U+0000",
            utf8("{\"name\":\"A\u0000B\"}"),
            "name: malformed JSON: Illegal unquoted character"),
        Arguments.of(
            "U+0000 in a field name",
            utf8("{\"na\\u0000me\":1}"),
            "request body: a field name must not contain U+0000"),
        Arguments.of(
            "a lone high surrogate",
            utf8("{\"name\":\"\\ud83d\"}"),
            "name: must not contain the unpaired surrogate U+D83D"),
        Arguments.of(
            "a lone low surrogate",
            utf8("{\"name\":\"x\\ude00y\"}"),
            "name: must not contain the unpaired surrogate U+DE00"),
        Arguments.of(
            "invalid UTF-8",
            new byte[] {'{', '"', 'n', '"', ':', '"', 'a', (byte) 0xff, '"', '}'},
            "n: is not valid UTF-8 (byte 7 of the body)"),
        Arguments.of(
            "an overlong UTF-8 form of '/'",
            new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'},
            "n: is not valid UTF-8 (byte 6 of the body)"),
        Arguments.of(
            "a UTF-8 encoded surrogate",
            new byte[] {
              '{', '"', 'n', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'
            },
            "n: is not valid UTF-8 (byte 6 of the body)"),
        Arguments.of(
            "nested too deep",
            utf8("{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}"),
            "nested deeper than 16 levels"),
        Arguments.of(
            "a leading zero",
            utf8("{\"q\":007}"),
            "q: malformed JSON: Invalid numeric value: Leading zeroes not allowed"),
        Arguments.of("NaN", utf8("{\"q\":NaN}"), "q: malformed JSON: Non-standard token 'NaN'"),
        Arguments.of(
            "an exponent beyond any range",
            utf8("{\"q\":1e99999999999}"),
            "q: the number 1e99999999999 is out of any range"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void a_body_that_cannot_be_taken_exactly_is_refused_naming_where(
      String label, byte[] body, String error) {
    assertThatThrownBy(() -> JsonBodies.parseObject(body))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining(error);
  }

  @Test
  void text_outside_the_basic_plane_and_escapes_are_kept_exactly() {
    String name = "Ad\u00e1 \uD83D\uDE00 \u0301\uFFFF \u0007";

    ObjectNode body =
        JsonBodies.parseObject(
            utf8("{\"name\":\"Ad\u00e1 \\ud83d\\ude00 \u0301\\uffff \\u0007\",\"n\":[1.50,-0]}"));

    assertThat(body.get("name").textValue()).isEqualTo(name);
    assertThat(((NumberLiteral) body.get("n").get(0)).literal()).isEqualTo("1.50");
    assertThat(((NumberLiteral) body.get("n").get(1)).literal()).isEqualTo("-0");
  }

  @Test
  void sixteen_levels_of_nesting_are_accepted() {
    String deep = "{\"a\":" + "[".repeat(15) + "]".repeat(15) + "}";

    assertThat(JsonBodies.parseObject(utf8(deep)).get("a").isArray()).isTrue();
  }
}
