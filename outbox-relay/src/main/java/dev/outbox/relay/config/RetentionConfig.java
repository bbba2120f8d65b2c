package dev.outbox.relay.config;

import java.time.Duration;

/**
 * Deletion of relayed outbox rows.
 *
 * @param age {@code RELAY_RETENTION_AGE}: rows older than this, and already relayed, are deleted;
 *     zero turns retention off
 * @param interval {@code RELAY_RETENTION_INTERVAL}: how often the job runs
 * @param batchSize {@code RELAY_RETENTION_BATCH_SIZE}: rows deleted per transaction, so a large
 *     backlog never holds long locks
 */
public record RetentionConfig(Duration age, Duration interval, int batchSize) {

  public boolean enabled() {
    return !age.isZero();
  }
}
