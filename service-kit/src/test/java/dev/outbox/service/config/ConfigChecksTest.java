package dev.outbox.service.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigChecksTest {

  @Test
  void bad_values_are_rejected_naming_the_variable() {
    assertThatThrownBy(() -> ConfigChecks.port("X_HTTP_PORT", 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("X_HTTP_PORT must be between 0 and 65535, was 65536");
    assertThatThrownBy(() -> ConfigChecks.port("X_HTTP_PORT", -1))
        .hasMessage("X_HTTP_PORT must be between 0 and 65535, was -1");
    assertThatThrownBy(() -> ConfigChecks.atLeastOne("X_HTTP_THREADS", 0))
        .hasMessage("X_HTTP_THREADS cannot be less than 1, was 0");
    assertThatThrownBy(() -> ConfigChecks.kafkaBootstrap("X_KAFKA_BOOTSTRAP", "localhost"))
        .hasMessage("X_KAFKA_BOOTSTRAP must be host:port[,host:port...], was 'localhost'");
    assertThatThrownBy(() -> ConfigChecks.kafkaBootstrap("X_KAFKA_BOOTSTRAP", " "))
        .hasMessage("X_KAFKA_BOOTSTRAP must be host:port[,host:port...], was ' '");
    assertThatThrownBy(() -> ConfigChecks.notBlank("X_ORDER_TOPIC", " "))
        .hasMessage("X_ORDER_TOPIC cannot be blank");
  }

  @Test
  void the_edges_of_the_ranges_are_accepted() {
    assertThatCode(
            () -> {
              ConfigChecks.port("P", 0);
              ConfigChecks.port("P", 65535);
              ConfigChecks.atLeastOne("T", 1);
              ConfigChecks.kafkaBootstrap("K", "a:1,b:2");
              ConfigChecks.notBlank("N", "x");
            })
        .doesNotThrowAnyException();
  }
}
