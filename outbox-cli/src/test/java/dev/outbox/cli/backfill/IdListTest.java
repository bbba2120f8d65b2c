package dev.outbox.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdListTest {

  @Test
  void ids_are_trimmed_and_a_repeated_one_counts_once_in_the_order_given() {
    IdList list = IdList.parse(" b, a ,b,c");

    assertThat(list.ids()).containsExactly("b", "a", "c");
    assertThat(list.duplicates()).isEqualTo(1);
  }

  @Test
  void an_empty_list_or_an_empty_id_is_refused_saying_which() {
    assertThatThrownBy(() -> IdList.parse(" ")).hasMessageContaining("--ids is empty");
    assertThatThrownBy(() -> IdList.parse("a,,b"))
        .hasMessage("--ids 'a,,b' is not a list of ids: id 2 of 3 is empty");
    assertThatThrownBy(() -> IdList.parse("a,b,")).hasMessageContaining("id 3 of 3 is empty");
  }

  @Test
  void an_id_with_a_control_character_is_refused_and_shown_escaped() {
    assertThatThrownBy(() -> IdList.parse("a,b\u0007c"))
        .hasMessage("--ids 'a,b\\u0007c' is not a list of ids: id 2 holds a control character");
  }
}
