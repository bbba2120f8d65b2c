package dev.outbox.config;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt: {@code first} after the first failure, multiplied by
 * {@code multiplier} after each further one up to {@code max}, then spread by up to {@code jitter}
 * of itself either way so that many waiters that failed together do not retry together. An
 * immutable, thread-safe value (after Kafka's {@code ExponentialBackoff}).
 *
 * @param first the delay after one failure
 * @param max the longest delay, jitter included
 * @param multiplier the growth per failure, at least 1
 * @param jitter the spread, a fraction between 0 (none) and 1
 */
public record Backoff(Duration first, Duration max, double multiplier, double jitter) {

  public Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("first must be more than zero, was " + first);
    }
    if (max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "max (" + max + ") must be at least first (" + first + ")");
    }
    if (!(multiplier >= 1)) {
      throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
  }

  /** Doubling from {@code first} up to {@code max}, spread by 20%. */
  public static Backoff exponential(Duration first, Duration max) {
    return new Backoff(first, max, 2.0, 0.2);
  }

  /** The same, spread by {@code fraction} instead. */
  public Backoff withJitter(double fraction) {
    return new Backoff(first, max, multiplier, fraction);
  }

  /** The delay after {@code failures} failures in a row (1 or more), with a random spread. */
  public Duration delay(int failures) {
    return delay(failures, ThreadLocalRandom.current().nextDouble());
  }

  /**
   * The delay after {@code failures} failures with the spread given by {@code random}: 0 gives the
   * shortest, 0.5 the undisturbed delay and 1 the longest.
   */
  public Duration delay(int failures, double random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, was " + failures);
    }
    double millis = first.toNanos() / 1e6;
    double cap = max.toNanos() / 1e6;
    for (int i = 1; i < failures && millis < cap; i++) {
      millis *= multiplier;
    }
    millis = Math.min(millis, cap);
    double spread = 1 + jitter * (2 * Math.max(0, Math.min(1, random)) - 1);
    return Duration.ofNanos((long) (Math.min(millis * spread, cap) * 1e6));
  }

  /** The delay without spread, for messages ("retrying in 4 s"). */
  public Duration nominal(int failures) {
    return new Backoff(first, max, multiplier, 0).delay(failures, 0.5);
  }
}
