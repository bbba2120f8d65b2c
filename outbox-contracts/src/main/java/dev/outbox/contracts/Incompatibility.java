package dev.outbox.contracts;

/**
 * One way in which readers of one schema version cannot read the events of another, found by {@link
 * SchemaCompatibility}.
 *
 * @param direction which reader cannot read which writer
 * @param path the JSON path of the value in the payload, e.g. {@code $.customer.postalAddress.city}
 *     ({@code [*]} for every element of an array)
 * @param keyword the schema keyword that broke, e.g. {@code required}, {@code type}, {@code enum}
 * @param message what changed and why the reader fails, in words, e.g. {@code required property
 *     'address' removed: readers of the old schema require it}
 */
public record Incompatibility(Direction direction, String path, String keyword, String message) {

  /** Which side reads and which side wrote. */
  public enum Direction {
    /** A reader of the new schema does not read every event of the old one. */
    BACKWARD("a reader of the new schema cannot read every event of the old one"),
    /** A reader of the old schema does not read every event of the new one. */
    FORWARD("a reader of the old schema cannot read every event of the new one");

    private final String meaning;

    Direction(String meaning) {
      this.meaning = meaning;
    }

    /** The direction in words. */
    public String meaning() {
      return meaning;
    }
  }

  @Override
  public String toString() {
    return direction + " " + path + ": " + message + " [" + keyword + "]";
  }
}
