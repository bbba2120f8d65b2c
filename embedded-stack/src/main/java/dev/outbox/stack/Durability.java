package dev.outbox.stack;

import java.util.Map;

/**
 * How much an embedded PostgreSQL pays for its commits. The local run keeps its data between runs
 * and is {@link #DURABLE}; tests throw their data away and are {@link #FAST}. A benchmark chooses
 * (a commit-bound figure measured {@link #FAST} flatters every write).
 */
public enum Durability {
  /**
   * {@code fsync}, {@code full_page_writes} and {@code synchronous_commit} on: an acknowledged
   * commit survives a crash of PostgreSQL and of the machine.
   */
  DURABLE("on", "on"),

  /**
   * {@code fsync} and {@code full_page_writes} off, {@code synchronous_commit} on: an acknowledged
   * commit survives a crash of PostgreSQL, not of the machine; for data that is thrown away.
   */
  FAST("off", "off");

  private final String fsync;
  private final String fullPageWrites;

  Durability(String fsync, String fullPageWrites) {
    this.fsync = fsync;
    this.fullPageWrites = fullPageWrites;
  }

  /** The server settings that make it so. */
  Map<String, String> serverSettings() {
    return Map.of("fsync", fsync, "full_page_writes", fullPageWrites, "synchronous_commit", "on");
  }
}
