package dev.outbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParsersTest {

  @Test
  void durations_in_short_and_iso_forms() {
    assertThat(Parsers.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Parsers.duration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Parsers.duration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Parsers.duration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Parsers.duration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Parsers.duration("0")).isEqualTo(Duration.ZERO);
    assertThat(Parsers.duration("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> Parsers.duration("10 seconds"))
        .hasMessage("must be a duration such as 500ms, 10s, 5m, 2h, 7d or PT10S");
  }

  @Test
  void a_duration_is_written_back_in_its_shortest_exact_form() {
    assertThat(Parsers.formatDuration(Duration.ofMillis(2))).isEqualTo("2ms");
    assertThat(Parsers.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Parsers.formatDuration(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Parsers.formatDuration(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(Parsers.formatDuration(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
    for (String text : new String[] {"2ms", "90s", "10m", "7d", "0", "1500ms"}) {
      assertThat(Parsers.formatDuration(Parsers.duration(text)))
          .isEqualTo(text.equals("1500ms") ? "1500ms" : text);
    }
  }

  @Test
  void host_port_lists() {
    assertThat(Parsers.hostPorts("127.0.0.1:19092,kafka:9092"))
        .isEqualTo("127.0.0.1:19092,kafka:9092");
    assertThatThrownBy(() -> Parsers.hostPorts("kafka"))
        .hasMessage("must be host:port[,host:port...]");
    assertThatThrownBy(() -> Parsers.hostPorts("a:1,"))
        .hasMessage("must be host:port[,host:port...]");
  }

  @Test
  void flags_and_whole_numbers() {
    assertThat(Parsers.flag("TRUE")).isTrue();
    assertThat(Parsers.flag("false")).isFalse();
    assertThatThrownBy(() -> Parsers.flag("yes")).hasMessage("must be true or false");
    assertThatThrownBy(() -> Parsers.integer("1.5")).hasMessage("must be a whole number");
  }
}
