package dev.outbox.cli.health;

import java.time.Instant;

/**
 * One check of an app's health ({@code database}, {@code consumer}).
 *
 * @param name the check's name
 * @param status its status as reported: {@code UP}, {@code DOWN}, {@code DISCONNECTED}...
 * @param since when it entered that status, when reported
 * @param reason why it is not UP, when reported
 * @param newestEventAt the consumer's newest applied event, when reported
 * @param viewAgeSeconds how old the consumer's view is, in seconds, when reported
 */
public record CheckHealth(
    String name,
    String status,
    Instant since,
    String reason,
    Instant newestEventAt,
    Double viewAgeSeconds) {

  public boolean up() {
    return "UP".equals(status);
  }
}
