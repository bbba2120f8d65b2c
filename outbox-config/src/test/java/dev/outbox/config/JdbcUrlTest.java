package dev.outbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {

  @Test
  void takes_a_url_apart() {
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db.internal:6432/orders?sslmode=require");

    assertThat(url.host()).isEqualTo("db.internal");
    assertThat(url.port()).isEqualTo(6432);
    assertThat(url.database()).isEqualTo("orders");
    assertThat(url.parameters()).containsEntry("sslmode", "require");
    assertThat(JdbcUrl.parse("jdbc:postgresql://db/orders").port()).isEqualTo(5432);
  }

  @Test
  void never_shows_a_password_given_in_the_url() {
    JdbcUrl url =
        JdbcUrl.parse("jdbc:postgresql://db/orders?user=app&password=hunter2&sslpassword=pw2");

    assertThat(url.toString())
        .isEqualTo("jdbc:postgresql://db/orders?user=app&password=<masked>&sslpassword=<masked>");
    assertThat(url.url()).contains("hunter2"); // the driver gets it as given
    assertThat(url.parameters()).containsEntry("password", "hunter2");
  }

  @Test
  void refuses_what_is_not_one_postgresql_database() {
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:mysql://db/orders"))
        .hasMessageStartingWith("must be a URL jdbc:postgresql://host:port/database");
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://a,b/orders"))
        .hasMessageStartingWith("must name exactly one host");
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://db/"))
        .hasMessageStartingWith("must name a database");
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://db:99999/x"))
        .hasMessageStartingWith("must have a port");
  }

  @Test
  void another_database_on_the_same_server() {
    assertThat(
            JdbcUrl.parse("jdbc:postgresql://db:5433/customers?sslmode=require")
                .withDatabase("orders")
                .url())
        .isEqualTo("jdbc:postgresql://db:5433/orders?sslmode=require");
  }
}
