package dev.outbox.client.consume;

import dev.outbox.client.trace.TraceParent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The CloudEvents attributes of a record (Kafka binary binding, as docs/DESIGN.md lists them).
 *
 * @param time {@code ce_time}: when the writer appended the event (its clock, before its commit)
 * @param commitTime {@code ce_committime}: when the transaction that appended it committed, as the
 *     relay read it from the WAL; null when absent (a relay older than this header) or not an RFC
 *     3339 time. It only feeds the freshness meter, so a bad one does not fail the record.
 * @param traceParent null when absent or not a valid W3C traceparent
 * @param snapshot whether the record is a state snapshot of a backfill ({@code ce_snapshot: true})
 * @param backfillId the backfill a snapshot belongs to ({@code ce_backfill}); null for a live event
 */
record CloudEventHeaders(
    UUID id,
    String type,
    String source,
    String aggregateType,
    String aggregateId,
    long aggregateVersion,
    int schemaVersion,
    Instant time,
    Instant commitTime,
    String traceParent,
    boolean snapshot,
    UUID backfillId) {

  static final String ID = "ce_id";
  static final String TYPE = "ce_type";
  static final String SOURCE = "ce_source";
  static final String SUBJECT = "ce_subject";
  static final String TIME = "ce_time";
  static final String COMMIT_TIME = "ce_committime";
  static final String AGGREGATE_TYPE = "ce_aggregatetype";
  static final String AGGREGATE_VERSION = "ce_aggregateversion";
  static final String SCHEMA_VERSION = "ce_schemaversion";
  static final String TRACEPARENT = "traceparent";
  static final String SNAPSHOT = "ce_snapshot";
  static final String BACKFILL = "ce_backfill";

  /**
   * @throws PermanentEventException naming the header that is missing or invalid
   */
  static CloudEventHeaders parse(IncomingEvent in) {
    long version = parseLong(in, AGGREGATE_VERSION);
    if (version < 1) {
      throw new PermanentEventException(
          "Header " + AGGREGATE_VERSION + " must be 1 or more, was " + version + " in " + in);
    }
    long schema = parseLong(in, SCHEMA_VERSION);
    if (schema < 1 || schema > Integer.MAX_VALUE) {
      throw new PermanentEventException(
          "Header " + SCHEMA_VERSION + " must be a positive int, was " + schema + " in " + in);
    }
    UUID backfill = parseBackfill(in);
    return new CloudEventHeaders(
        parseUuid(in, ID, required(in, ID)),
        required(in, TYPE),
        in.headers().get(SOURCE),
        required(in, AGGREGATE_TYPE),
        required(in, SUBJECT),
        version,
        (int) schema,
        parseTime(in, required(in, TIME)),
        optionalTime(in.headers().get(COMMIT_TIME)),
        TraceParent.parse(in.headers().get(TRACEPARENT)).map(TraceParent::value).orElse(null),
        backfill != null,
        backfill);
  }

  /** These attributes with another trace (the consumer's apply span, a child of this one). */
  CloudEventHeaders withTraceParent(String traceParent) {
    return new CloudEventHeaders(
        id,
        type,
        source,
        aggregateType,
        aggregateId,
        aggregateVersion,
        schemaVersion,
        time,
        commitTime,
        traceParent,
        snapshot,
        backfillId);
  }

  /** Whatever can be read, for a dead letter of a record whose headers may be broken. */
  static Partial partial(IncomingEvent in) {
    String subject = in.headers().get(SUBJECT);
    Long version;
    try {
      version = Long.valueOf(in.headers().get(AGGREGATE_VERSION));
    } catch (NumberFormatException e) {
      version = null;
    }
    UUID id;
    try {
      id = UUID.fromString(in.headers().get(ID));
    } catch (IllegalArgumentException | NullPointerException e) {
      id = null;
    }
    return new Partial(
        id,
        blankToNull(in.headers().get(AGGREGATE_TYPE)),
        blankToNull(subject != null ? subject : in.key()),
        version,
        blankToNull(in.headers().get(TYPE)));
  }

  /** The identifying attributes of a record that could be read, each null when it could not. */
  record Partial(
      UUID id, String aggregateType, String aggregateId, Long aggregateVersion, String type) {

    boolean hasAggregate() {
      return aggregateType != null && aggregateId != null;
    }
  }

  private static String required(IncomingEvent in, String header) {
    String value = in.headers().get(header);
    if (value == null || value.isBlank()) {
      throw new PermanentEventException("Missing header " + header + " in " + in);
    }
    return value;
  }

  private static long parseLong(IncomingEvent in, String header) {
    String value = required(in, header);
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new PermanentEventException(
          "Header " + header + " is not a number: '" + value + "' in " + in, e);
    }
  }

  /**
   * The backfill id of a snapshot, null for a live event. The two headers come together: {@code
   * ce_snapshot} is {@code true} when present, and then {@code ce_backfill} is a UUID.
   */
  private static UUID parseBackfill(IncomingEvent in) {
    String snapshot = in.headers().get(SNAPSHOT);
    String backfill = in.headers().get(BACKFILL);
    if (snapshot == null) {
      if (backfill != null) {
        throw new PermanentEventException(
            "Header " + BACKFILL + " without " + SNAPSHOT + ": true in " + in);
      }
      return null;
    }
    if (!snapshot.trim().equals("true")) {
      throw new PermanentEventException(
          "Header " + SNAPSHOT + " must be 'true' when present, was '" + snapshot + "' in " + in);
    }
    if (backfill == null || backfill.isBlank()) {
      throw new PermanentEventException(
          "Missing header " + BACKFILL + " (required with " + SNAPSHOT + ") in " + in);
    }
    return parseUuid(in, BACKFILL, backfill);
  }

  private static UUID parseUuid(IncomingEvent in, String header, String value) {
    try {
      return UUID.fromString(value.trim());
    } catch (IllegalArgumentException e) {
      throw new PermanentEventException(
          "Header " + header + " is not a UUID: '" + value + "' in " + in, e);
    }
  }

  private static Instant parseTime(IncomingEvent in, String value) {
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new PermanentEventException(
          "Header " + TIME + " is not an RFC 3339 time: '" + value + "' in " + in, e);
    }
  }

  private static Instant optionalTime(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Where the view's freshness is measured from: the source commit ({@code ce_committime}), or
   * {@code ce_time} for a record of a relay that does not send it (the writer's clock a little
   * before the commit, so its freshness reads a little longer).
   */
  Instant freshnessStart() {
    return commitTime != null ? commitTime : time;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
