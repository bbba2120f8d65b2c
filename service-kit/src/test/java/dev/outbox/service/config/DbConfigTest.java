package dev.outbox.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DbConfigTest {

  private static DbConfig read(Map<String, String> variables) {
    return DbConfig.fromEnvironment(
        new Env(variables), "SOME_APP_", "jdbc:postgresql://127.0.0.1:15432/some", "some", "pw");
  }

  @Test
  void defaults_apply_to_unset_variables() {
    DbConfig db = read(Map.of());

    assertThat(db.url()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/some");
    assertThat(db.user()).isEqualTo("some");
    assertThat(db.password()).isEqualTo("pw");
    assertThat(db.maxPoolSize()).isEqualTo(DbConfig.DEFAULT_POOL_SIZE);
  }

  @Test
  void the_prefixed_variables_override_the_defaults() {
    DbConfig db =
        read(
            Map.of(
                "SOME_APP_DB_URL", "jdbc:postgresql://db:5432/other",
                "SOME_APP_DB_USER", "other_user",
                "SOME_APP_DB_PASSWORD", "other_pw",
                "SOME_APP_DB_POOL_SIZE", "3",
                "DB_URL", "jdbc:postgresql://unprefixed:1/ignored"));

    assertThat(db.url()).isEqualTo("jdbc:postgresql://db:5432/other");
    assertThat(db.user()).isEqualTo("other_user");
    assertThat(db.password()).isEqualTo("other_pw");
    assertThat(db.maxPoolSize()).isEqualTo(3);
  }

  @Test
  void bad_values_are_refused_naming_the_prefixed_variable() {
    assertThatThrownBy(() -> read(Map.of("SOME_APP_DB_URL", "mysql://x")))
        .hasMessage("SOME_APP_DB_URL must start with jdbc:postgresql://, was 'mysql://x'");
    assertThatThrownBy(() -> new DbConfig("SOME_APP_", "jdbc:postgresql://db:5432/x", " ", "pw", 8))
        .hasMessage("SOME_APP_DB_USER cannot be blank");
    assertThatThrownBy(() -> read(Map.of("SOME_APP_DB_POOL_SIZE", "1")))
        .hasMessageStartingWith("SOME_APP_DB_POOL_SIZE cannot be less than 2");
    assertThatThrownBy(() -> read(Map.of("SOME_APP_DB_POOL_SIZE", "many")))
        .hasMessageContaining("SOME_APP_DB_POOL_SIZE");
  }

  @Test
  void the_password_is_masked_in_to_string() {
    DbConfig db = read(Map.of("SOME_APP_DB_PASSWORD", "s3cr3t-value"));

    assertThat(db.toString())
        .doesNotContain("s3cr3t-value")
        .contains("password=<masked>")
        .contains("url=jdbc:postgresql://127.0.0.1:15432/some");
  }
}
