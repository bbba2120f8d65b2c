package dev.outbox.contracts;

/**
 * The rule each new schema version of an event type keeps with the version before it, as schema
 * registries define the words, judged for a reader that ignores the properties it does not know:
 *
 * <ul>
 *   <li>{@link #BACKWARD}: a reader of the new version reads events of the old one (deploy the
 *       consumers first);
 *   <li>{@link #FORWARD}: a reader of the old version reads events of the new one (deploy the
 *       producer first);
 *   <li>{@link #FULL}: both, so either side may deploy first and an old event replayed from the
 *       topic is still read;
 *   <li>{@link #NONE}: no check (a new event type in all but name).
 * </ul>
 */
public enum Compatibility {
  BACKWARD(true, false),
  FORWARD(false, true),
  FULL(true, true),
  NONE(false, false);

  private final boolean backward;
  private final boolean forward;

  Compatibility(boolean backward, boolean forward) {
    this.backward = backward;
    this.forward = forward;
  }

  /** Whether a reader of the new version must read the old version's events. */
  public boolean backward() {
    return backward;
  }

  /** Whether a reader of the old version must read the new version's events. */
  public boolean forward() {
    return forward;
  }

  /**
   * The rule of a name as written in {@code compatibility.json}.
   *
   * @throws IllegalArgumentException naming the allowed words
   */
  public static Compatibility of(String name) {
    for (Compatibility rule : values()) {
      if (rule.name().equalsIgnoreCase(name)) {
        return rule;
      }
    }
    throw new IllegalArgumentException(
        "unknown compatibility '" + name + "' (use BACKWARD, FORWARD, FULL or NONE)");
  }
}
