package dev.outbox.contracts;

/**
 * Where a payload breaks its schema and how.
 *
 * @param path the JSON path of the offending value, e.g. {@code $.customer.email}
 * @param rule the schema keyword it breaks, e.g. {@code pattern}, {@code required}, {@code type}
 * @param message what is wrong, in words
 */
public record SchemaViolation(String path, String rule, String message) {

  @Override
  public String toString() {
    return path + ": " + message + " [" + rule + "]";
  }
}
