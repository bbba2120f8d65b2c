package dev.outbox.service.config;

import java.util.Objects;

/**
 * How a service reaches its database, read from {@code <prefix>DB_URL}, {@code <prefix>DB_USER},
 * {@code <prefix>DB_PASSWORD} and {@code <prefix>DB_POOL_SIZE}. The constructor rejects bad values
 * naming the variable; {@link #toString()} masks the password.
 *
 * @param variablePrefix the prefix of the service's variables, such as {@code CUSTOMER_APP_}
 * @param maxPoolSize connections in the pool, shared by HTTP requests and the consumer
 */
public record DbConfig(
    String variablePrefix, String url, String user, String password, int maxPoolSize) {

  /** The pool size when {@code <prefix>DB_POOL_SIZE} is unset. */
  public static final int DEFAULT_POOL_SIZE = 8;

  public DbConfig {
    Objects.requireNonNull(variablePrefix, "variablePrefix");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          variablePrefix + "DB_URL must start with jdbc:postgresql://, was '" + url + "'");
    }
    if (user.isBlank()) {
      throw new IllegalArgumentException(variablePrefix + "DB_USER cannot be blank");
    }
    if (maxPoolSize < 2) {
      throw new IllegalArgumentException(
          variablePrefix
              + "DB_POOL_SIZE cannot be less than 2 (one for the consumer, one for requests), was "
              + maxPoolSize);
    }
  }

  /**
   * The settings from the {@code <prefix>DB_*} variables, the given defaults for what is unset.
   *
   * @throws IllegalArgumentException naming the variable of a bad value
   */
  public static DbConfig fromEnvironment(
      Env env, String prefix, String defaultUrl, String defaultUser, String defaultPassword) {
    return new DbConfig(
        prefix,
        env.string(prefix + "DB_URL", defaultUrl),
        env.string(prefix + "DB_USER", defaultUser),
        env.string(prefix + "DB_PASSWORD", defaultPassword),
        env.integer(prefix + "DB_POOL_SIZE", DEFAULT_POOL_SIZE));
  }

  @Override
  public String toString() {
    return "DbConfig[url="
        + url
        + ", user="
        + user
        + ", password=<masked>, maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
