package dev.outbox.stack;

import dev.outbox.config.JdbcUrl;
import dev.outbox.config.Secrets;
import dev.outbox.config.Settings;
import java.util.Objects;

/**
 * The servers of {@code OUTBOX_STACK=external}: a PostgreSQL reached as a role that may create
 * roles and databases, and Kafka. Its {@link #toString()} masks the password.
 */
public record ExternalServers(JdbcUrl url, String user, String password, String kafkaBootstrap) {

  public ExternalServers {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
  }

  /** From settings read by {@link StackSettings}; present when they name an external stack. */
  static ExternalServers from(Settings settings) {
    return new ExternalServers(
        settings.get(StackSettings.DB_URL),
        settings.get(StackSettings.DB_USER),
        settings.get(StackSettings.DB_PASSWORD),
        settings.get(StackSettings.KAFKA_BOOTSTRAP));
  }

  @Override
  public String toString() {
    return "ExternalServers[url="
        + url
        + ", user="
        + user
        + ", password="
        + Secrets.MASK
        + ", kafkaBootstrap="
        + kafkaBootstrap
        + "]";
  }
}
