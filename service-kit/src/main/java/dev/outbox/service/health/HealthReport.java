package dev.outbox.service.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The service's health made of its checks, in the shape operators and {@code bin/outbox} read:
 *
 * <pre>{@code
 * {"status": "UP" | "DEGRADED" | "DOWN",
 *  "checks": {"database": {"status": "UP"},
 *             "consumer": {"status": "DOWN", "since": "2026-11-26T14:17:05Z", "reason": "..."}}}
 * }</pre>
 *
 * DOWN when a check is down without which the service cannot serve; DEGRADED when every check that
 * is down leaves the service serving; else UP. HTTP 200 for UP and DEGRADED, 503 for DOWN.
 */
public final class HealthReport {

  /** The service's status. */
  public enum Status {
    UP,
    DEGRADED,
    DOWN
  }

  private final Status status;
  private final Map<String, HealthCheck.Result> results;

  private HealthReport(Status status, Map<String, HealthCheck.Result> results) {
    this.status = status;
    this.results = results;
  }

  /** Runs every check, by name, in name order. */
  public static HealthReport of(Map<String, HealthCheck> checks) {
    Map<String, HealthCheck.Result> results = new LinkedHashMap<>();
    Status status = Status.UP;
    for (Map.Entry<String, HealthCheck> check : new TreeMap<>(checks).entrySet()) {
      HealthCheck.Result result = run(check.getValue());
      results.put(check.getKey(), result);
      if (result.status() != HealthCheck.Status.UP) {
        status = result.stillServing() && status != Status.DOWN ? Status.DEGRADED : Status.DOWN;
      }
    }
    return new HealthReport(status, results);
  }

  private static HealthCheck.Result run(HealthCheck check) {
    try {
      return Objects.requireNonNull(check.check(), "a health check returned null");
    } catch (RuntimeException e) {
      // A check that fails is a part that cannot say it is up.
      return HealthCheck.Result.down(null, "the check failed: " + e);
    }
  }

  public Status status() {
    return status;
  }

  /** 200 for UP and DEGRADED, 503 for DOWN. */
  public int httpStatus() {
    return status == Status.DOWN ? 503 : 200;
  }

  /** The checks' results by name. */
  public Map<String, HealthCheck.Result> results() {
    return results;
  }

  /** The JSON document as maps, for the HTTP layer to write. */
  public Map<String, Object> toJson() {
    Map<String, Object> checks = new LinkedHashMap<>();
    results.forEach(
        (name, result) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("status", result.status().name());
          result.since().ifPresent(since -> entry.put("since", since.toString()));
          result.reason().ifPresent(reason -> entry.put("reason", reason));
          result.details().forEach(entry::putIfAbsent);
          checks.put(name, entry);
        });
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", status.name());
    json.put("checks", checks);
    return json;
  }
}
