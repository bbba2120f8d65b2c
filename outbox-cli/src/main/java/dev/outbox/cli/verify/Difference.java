package dev.outbox.cli.verify;

import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/**
 * One aggregate on which a replica and its source disagree.
 *
 * @param id the aggregate's id
 * @param kind how they disagree
 * @param sourceVersion its version in the source, null when the source does not have it
 * @param replicaVersion its version in the replica, null when the replica does not have it
 */
public record Difference(String id, Kind kind, Long sourceVersion, Long replicaVersion) {

  /** How a replica's row disagrees with its source's. */
  public enum Kind {
    /** In the source, not in the replica. */
    MISSING,
    /** In the replica, not in the source. */
    EXTRA,
    /** The replica holds an older version than the source. */
    STALE,
    /** The same version with another digest, or the replica ahead of its source. */
    DIFFERING;

    /** The name in output and JSON: {@code missing}, {@code extra}, ... */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** By kind, then by id in {@link CodePointOrder}: the order of every report. */
  public static final Comparator<Difference> REPORT_ORDER =
      Comparator.comparing(Difference::kind).thenComparing(Difference::id, CodePointOrder.INSTANCE);

  public Difference {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * How the source's and the replica's rows of one aggregate disagree.
   *
   * @param source the source's row, null when absent
   * @param replica the replica's row, null when absent
   * @return null when they agree (or both are absent)
   */
  public static Difference between(DigestRow source, DigestRow replica) {
    if (source == null && replica == null) {
      return null;
    }
    if (replica == null) {
      return new Difference(source.id(), Kind.MISSING, source.version(), null);
    }
    if (source == null) {
      return new Difference(replica.id(), Kind.EXTRA, null, replica.version());
    }
    if (replica.version() < source.version()) {
      return new Difference(source.id(), Kind.STALE, source.version(), replica.version());
    }
    if (replica.version() > source.version() || !replica.digest().equals(source.digest())) {
      return new Difference(source.id(), Kind.DIFFERING, source.version(), replica.version());
    }
    return null;
  }

  /** How many versions the replica is behind, for {@link Kind#STALE}; else null. */
  public Long behind() {
    return kind == Kind.STALE ? sourceVersion - replicaVersion : null;
  }

  /** True when the replica holds a newer version than its source (a {@link Kind#DIFFERING}). */
  public boolean ahead() {
    return kind == Kind.DIFFERING && replicaVersion > sourceVersion;
  }

  /** One line for people, such as {@code replica v1, source v3: 2 versions behind}. */
  public String explanation() {
    return switch (kind) {
      case MISSING -> "source v" + sourceVersion + ", not in the replica";
      case EXTRA -> "replica v" + replicaVersion + ", not in the source";
      case STALE ->
          "replica v"
              + replicaVersion
              + ", source v"
              + sourceVersion
              + ": "
              + behind()
              + (behind() == 1 ? " version" : " versions")
              + " behind";
      case DIFFERING ->
          ahead()
              ? "replica v" + replicaVersion + " ahead of source v" + sourceVersion
              : "v" + sourceVersion + " on both sides, different contents";
    };
  }
}
