package dev.outbox.relay.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka topic of an event, from {@code RELAY_TOPIC_PATTERN}: literal text with the placeholder
 * {@code {aggregate_type}}, e.g. {@code {aggregate_type}.events} gives {@code customer.events}.
 */
public final class TopicPattern {

  private static final String PLACEHOLDER = "{aggregate_type}";
  private static final Pattern ANY_PLACEHOLDER = Pattern.compile("\\{[^}]*}");
  private static final Pattern LEGAL_LITERAL = Pattern.compile("[a-zA-Z0-9._-]*");

  private final String pattern;
  private final String prefix;
  private final String suffix;

  private TopicPattern(String pattern, String prefix, String suffix) {
    this.pattern = pattern;
    this.prefix = prefix;
    this.suffix = suffix;
  }

  /**
   * @throws IllegalArgumentException saying what the pattern must be ("must contain ..."), when it
   *     has no or an unknown placeholder, or characters Kafka does not allow in a topic name
   */
  public static TopicPattern parse(String pattern) {
    Matcher m = ANY_PLACEHOLDER.matcher(pattern);
    while (m.find()) {
      if (!m.group().equals(PLACEHOLDER)) {
        throw new IllegalArgumentException(
            "must use only the placeholder " + PLACEHOLDER + " (found " + m.group() + ")");
      }
    }
    int at = pattern.indexOf(PLACEHOLDER);
    if (at < 0 || pattern.indexOf(PLACEHOLDER, at + 1) >= 0) {
      throw new IllegalArgumentException("must contain " + PLACEHOLDER + " exactly once");
    }
    String prefix = pattern.substring(0, at);
    String suffix = pattern.substring(at + PLACEHOLDER.length());
    if (!LEGAL_LITERAL.matcher(prefix + suffix).matches()) {
      throw new IllegalArgumentException(
          "must hold only letters, digits, '.', '_' and '-' around " + PLACEHOLDER);
    }
    return new TopicPattern(pattern, prefix, suffix);
  }

  /** The topic of an event of this aggregate type. */
  public String topicFor(String aggregateType) {
    return prefix + aggregateType + suffix;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
