package dev.outbox.order.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** {@code timestamptz} values to instants and back. */
public final class Timestamps {

  private Timestamps() {}

  /** The column value of an instant (null stays null). */
  public static OffsetDateTime toOffset(Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  /** The instant of a column value (null stays null). */
  public static Instant toInstant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }
}
