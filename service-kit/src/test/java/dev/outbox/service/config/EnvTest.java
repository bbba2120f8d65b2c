package dev.outbox.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

  @Test
  void unset_and_blank_variables_fall_back_to_the_default() {
    Env env = new Env(Map.of("BLANK", "   "));

    assertThat(env.string("UNSET", "fallback")).isEqualTo("fallback");
    assertThat(env.string("BLANK", "fallback")).isEqualTo("fallback");
    assertThat(env.integer("UNSET", 7)).isEqualTo(7);
    assertThat(env.integer("BLANK", 7)).isEqualTo(7);
  }

  @Test
  void set_values_are_trimmed() {
    Env env = new Env(Map.of("NAME", "  value \n", "PORT", " 8081 "));

    assertThat(env.string("NAME", "fallback")).isEqualTo("value");
    assertThat(env.integer("PORT", 1)).isEqualTo(8081);
  }

  @Test
  void a_number_that_is_not_whole_is_refused_naming_the_variable() {
    Env env = new Env(Map.of("APP_PORT", "80.5"));

    assertThatThrownBy(() -> env.integer("APP_PORT", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("APP_PORT must be a whole number, was '80.5'");
  }
}
