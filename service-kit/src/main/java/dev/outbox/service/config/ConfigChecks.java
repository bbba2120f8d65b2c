package dev.outbox.service.config;

/**
 * The checks that the configuration records of every service share. Each throws an {@link
 * IllegalArgumentException} whose message starts with the variable's name.
 */
public final class ConfigChecks {

  private ConfigChecks() {}

  /** Rejects a TCP port outside 0..65535 (0 picks a free port). */
  public static void port(String variable, int value) {
    if (value < 0 || value > 65535) {
      throw new IllegalArgumentException(variable + " must be between 0 and 65535, was " + value);
    }
  }

  /** Rejects a count below 1 (threads, attempts). */
  public static void atLeastOne(String variable, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(variable + " cannot be less than 1, was " + value);
    }
  }

  /** Rejects a Kafka bootstrap list that is blank or has no {@code host:port}. */
  public static void kafkaBootstrap(String variable, String value) {
    if (value.isBlank() || !value.contains(":")) {
      throw new IllegalArgumentException(
          variable + " must be host:port[,host:port...], was '" + value + "'");
    }
  }

  /** Rejects a blank name (a consumer name, a topic). */
  public static void notBlank(String variable, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(variable + " cannot be blank");
    }
  }
}
