package dev.outbox.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A family of pass-through variables sharing a prefix, such as {@code RELAY_KAFKA_<SETTING>} for
 * Kafka client settings: declared once with its meaning and the check of the names and values it
 * may hold. Variables of the prefix that are declared {@link Setting}s (such as {@code
 * RELAY_KAFKA_BOOTSTRAP}) are not part of the family.
 *
 * @param prefix the variables' common prefix, ending in {@code _}
 * @param placeholder what the rest of a name stands for in the docs, such as {@code <SETTING>}
 * @param meaning one line for the README
 * @param check the problems of the family's variables (suffix to value), each a sentence naming its
 *     variable; empty when all is well
 */
public record Family(
    String prefix,
    String placeholder,
    String meaning,
    Function<Map<String, String>, List<String>> check) {

  public Family {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(placeholder, "placeholder");
    Objects.requireNonNull(meaning, "meaning");
    Objects.requireNonNull(check, "check");
    if (!prefix.endsWith("_")) {
      throw new IllegalArgumentException("a family's prefix ends with '_', was " + prefix);
    }
  }

  /** The name the docs show, such as {@code RELAY_KAFKA_<SETTING>}. */
  public String name() {
    return prefix + placeholder;
  }
}
