package dev.outbox.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void only_canonical_lowercase_uuids_are_ids() {
    UUID id = UUID.randomUUID();

    assertThat(Ids.parse("id", id.toString())).isEqualTo(id);
    assertThatThrownBy(() -> Ids.parse("id", "1-2-3-4-5"))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("id: must be a UUID in lowercase 8-4-4-4-12 form, was '1-2-3-4-5'");
    assertThatThrownBy(() -> Ids.parse("id", "x".repeat(100)))
        .hasMessage(
            "id: must be a UUID in lowercase 8-4-4-4-12 form, was '" + "x".repeat(40) + "...'");
    assertThatThrownBy(() -> Ids.parse("id", id.toString().toUpperCase()))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void sequence_ids_are_positive_plain_decimal_numbers() {
    assertThat(Ids.parsePositiveLong("id", "42")).isEqualTo(42L);
    assertThat(Ids.parsePositiveLong("id", "999999999999999999")).isEqualTo(999999999999999999L);
    for (String bad :
        new String[] {"0", "-1", "+1", "007", "1e3", "abc", "", "9999999999999999999"}) {
      assertThatThrownBy(() -> Ids.parsePositiveLong("id", bad))
          .as(bad)
          .isInstanceOf(BadRequestException.class)
          .hasMessageStartingWith("id: must be a positive whole number");
    }
  }
}
