package dev.outbox.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void masks_user_info_and_password_parameters_of_any_url() {
    assertThat(Secrets.maskUrl("postgresql://app:hunter2@db:5432/x?password=a&b=c"))
        .isEqualTo("postgresql://app:<masked>@db:5432/x?password=<masked>&b=c");
    assertThat(Secrets.maskUrl("jdbc:postgresql://db/x?sslmode=require"))
        .isEqualTo("jdbc:postgresql://db/x?sslmode=require");
    assertThat(Secrets.maskUrl("jdbc:postgresql://db/x?SSLKEY=/k&ssl.key.password=p"))
        .isEqualTo("jdbc:postgresql://db/x?SSLKEY=<masked>&ssl.key.password=<masked>");
  }

  @Test
  void tells_secret_names_by_what_they_say() {
    assertThat(Secrets.isSecretName("SASL_JAAS_CONFIG")).isTrue();
    assertThat(Secrets.isSecretName("ssl.key.password")).isTrue();
    assertThat(Secrets.isSecretName("ssl.keystore.key")).isTrue();
    assertThat(Secrets.isSecretName("SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL")).isTrue();
    assertThat(Secrets.isSecretName("LINGER_MS")).isFalse();
    assertThat(Secrets.isSecretName("security.protocol")).isFalse();
  }
}
