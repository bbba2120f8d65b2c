package dev.outbox.order.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule that derives a postal address from an address line, case by case. customer-app's
 * PostalAddressTest holds its own copy of the rule to the same table: keep the two tables equal.
 */
class PostalAddressTest {

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("1 Difference Engine Road, London", "1 Difference Engine Road", "London"),
        Arguments.of("No comma at all", "No comma at all", null),
        Arguments.of("Flat 2, 5 High Street, Bath", "Flat 2, 5 High Street", "Bath"),
        Arguments.of("a,,b", "a,", "b"),
        Arguments.of("London,", "London", null),
        Arguments.of("Main Street ,  ", "Main Street", null),
        Arguments.of("   12 Spaced Road   ,   Leeds   ", "12 Spaced Road", "Leeds"),
        Arguments.of("\t7 Tab Lane\r\n,\nYork\t", "7 Tab Lane", "York"),
        Arguments.of("Stra\u00dfe 5\nApt 3, M\u00fcnchen", "Stra\u00dfe 5\nApt 3", "M\u00fcnchen"),
        Arguments.of("\uD83D\uDE00 Emoji Way, Cafe\u0301", "\uD83D\uDE00 Emoji Way", "Cafe\u0301"),
        // Only spaces, tabs and line breaks are trimmed: not an em space, not a no-break space.
        Arguments.of("\u2003Em, Space\u00a0", "\u2003Em", "Space\u00a0"),
        // Nothing before the last comma: not split.
        Arguments.of(", Paris", ", Paris", null),
        Arguments.of(" ,", ",", null),
        Arguments.of(", ,", ",", null));
  }

  @ParameterizedTest
  @MethodSource("lines")
  void a_line_is_split_at_its_last_comma_and_trimmed(String line, String street, String city) {
    assertThat(PostalAddress.fromLine(line)).isEqualTo(new PostalAddress(street, city));
  }

  @ParameterizedTest
  @MethodSource("blankLines")
  void a_blank_line_has_no_postal_address(String line) {
    assertThat(PostalAddress.fromLine(line)).isNull();
  }

  static Stream<String> blankLines() {
    return Stream.of("", " ", "   ", "\t", "\r\n", " \t\n\r ");
  }
}
