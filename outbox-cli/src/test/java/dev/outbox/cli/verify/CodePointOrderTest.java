package dev.outbox.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodePointOrderTest {

  /** COLLATE "C" on a UTF-8 database: memcmp of the bytes, the shorter first on a tie. */
  private static final Comparator<String> UTF8_BYTES =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  @Test
  void orders_as_the_utf8_bytes_do_where_utf16_units_do_not() {
    String privateUse = "\uE000"; // U+E000: after every surrogate unit in UTF-16
    String emoji = "\uD83D\uDE00"; // U+1F600
    assertThat(privateUse.compareTo(emoji)).as("String order").isPositive();
    assertThat(CodePointOrder.INSTANCE.compare(privateUse, emoji)).isNegative();
    assertThat(UTF8_BYTES.compare(privateUse, emoji)).isNegative();
  }

  @Test
  void a_prefix_comes_first_and_equal_text_is_equal() {
    assertThat(CodePointOrder.INSTANCE.compare("ab", "abc")).isNegative();
    assertThat(CodePointOrder.INSTANCE.compare("abc", "ab")).isPositive();
    assertThat(CodePointOrder.INSTANCE.compare("", "a")).isNegative();
    assertThat(CodePointOrder.INSTANCE.compare("Zoë", "Zoë")).isZero();
    assertThat(CodePointOrder.INSTANCE.compare("B", "a")).as("upper case first").isNegative();
  }

  @Test
  void agrees_with_the_utf8_byte_order_on_random_text() {
    Random random = new Random(42);
    int[] alphabet = {
      '-', '0', '9', 'A', 'a', 'z', 0xE9, 0x6771, 0xE000, 0xFFFD, 0x1F600, 0x10FFFF
    };
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(5); n > 0; n--) {
        text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
      }
      texts.add(text.toString());
    }
    List<String> byBytes = new ArrayList<>(texts);
    byBytes.sort(UTF8_BYTES);
    List<String> byCodePoints = new ArrayList<>(texts);
    byCodePoints.sort(CodePointOrder.INSTANCE);
    assertThat(byCodePoints).containsExactlyElementsOf(byBytes);
  }
}
