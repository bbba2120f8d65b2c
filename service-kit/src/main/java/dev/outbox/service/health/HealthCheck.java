package dev.outbox.service.health;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a service that {@code GET /health} reports on, such as its database or a consumer.
 * Called on the request thread of every health request: it must answer within about a second.
 */
@FunctionalInterface
public interface HealthCheck {

  /** A check's status as {@code /health} shows it. */
  enum Status {
    UP,
    /** A link the part needs is away (a consumer without Kafka); the service still serves. */
    DISCONNECTED,
    DOWN
  }

  /** How the part is now. */
  Result check();

  /**
   * A check's answer.
   *
   * @param since when it went down, if it is down and knows
   * @param reason why it is down, for operators
   * @param stillServing for a part that is down: whether the service answers its API all the same
   *     (the report says DEGRADED), or not (DOWN)
   * @param details further fields of the check's entry, such as a consumer's topics
   */
  record Result(
      Status status,
      Optional<Instant> since,
      Optional<String> reason,
      boolean stillServing,
      Map<String, Object> details) {

    public Result {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(reason, "reason");
      details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Up. */
    public static Result up() {
      return up(Map.of());
    }

    /** Up, with further fields. */
    public static Result up(Map<String, Object> details) {
      return new Result(Status.UP, Optional.empty(), Optional.empty(), true, details);
    }

    /** Down, and the service cannot serve without it: the report says DOWN (HTTP 503). */
    public static Result down(Instant since, String reason) {
      return new Result(
          Status.DOWN, Optional.ofNullable(since), Optional.of(reason), false, Map.of());
    }

    /**
     * Down, but the service still answers its API (something it depends on is away): the report
     * says DEGRADED (HTTP 200).
     */
    public static Result degraded(Instant since, String reason) {
      return new Result(
          Status.DOWN, Optional.ofNullable(since), Optional.of(reason), true, Map.of());
    }

    /**
     * Disconnected from something it depends on (a consumer that lost Kafka): the service answers
     * its API all the same, from a view that no longer moves; the report says DEGRADED (HTTP 200).
     */
    public static Result disconnected(Instant since, String reason) {
      return new Result(
          Status.DISCONNECTED, Optional.ofNullable(since), Optional.of(reason), true, Map.of());
    }

    /** A copy with more fields in the check's entry. */
    public Result withDetails(Map<String, Object> more) {
      Map<String, Object> all = new LinkedHashMap<>(details);
      all.putAll(more);
      return new Result(status, since, reason, stillServing, all);
    }
  }
}
