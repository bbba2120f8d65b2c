package dev.outbox.relay.health;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The relay's health, fed by the parts that know: the supervisor (role, fatal problems), the engine
 * (polling), the slot monitor (is the slot read) and the publisher and Kafka probe (is Kafka
 * reachable). Thread-safe; reads never block.
 */
public final class RelayHealth {

  private volatile Role role = Role.STANDBY;
  private volatile boolean polling;
  private volatile boolean slotActive;
  private volatile boolean kafkaReachable;
  private final AtomicReference<String> kafkaProblem = new AtomicReference<>("not checked yet");
  private final AtomicReference<String> streamProblem = new AtomicReference<>();
  private final AtomicReference<String> slotProblem = new AtomicReference<>();

  public Role role() {
    return role;
  }

  public void role(Role role) {
    this.role = role;
    if (role == Role.STANDBY) {
      polling = false;
    }
  }

  public void polling(boolean polling) {
    this.polling = polling;
    if (polling) {
      streamProblem.set(null);
    }
  }

  public void slotActive(boolean active) {
    this.slotActive = active;
    slotProblem.set(active ? null : "the slot is not read by this relay");
  }

  /** The slot's state could not be read (the database is away). */
  public void slotUnknown(String reason) {
    this.slotActive = false;
    slotProblem.set(reason);
  }

  /** Records why streaming stopped (or never started); cleared when polling starts again. */
  public void streamProblem(String reason) {
    streamProblem.set(reason);
  }

  public void kafkaReachable() {
    kafkaReachable = true;
    kafkaProblem.set(null);
  }

  public void kafkaUnreachable(String reason) {
    kafkaReachable = false;
    kafkaProblem.set(reason);
  }

  public HealthReport report() {
    Role currentRole = role;
    boolean streaming = currentRole == Role.ACTIVE && polling && slotActive;
    boolean kafka = kafkaReachable;
    String reason = null;
    if (currentRole == Role.STANDBY) {
      reason =
          streamProblem.get() != null
              ? streamProblem.get()
              : "standby: another relay holds the lock for this slot";
    } else if (!streaming) {
      String problem = streamProblem.get() != null ? streamProblem.get() : slotProblem.get();
      reason = "not streaming: " + (problem != null ? problem : "the engine is starting");
    } else if (!kafka) {
      reason = "Kafka unreachable: " + kafkaProblem.get();
    }
    boolean standbyReady = currentRole == Role.STANDBY && streamProblem.get() == null && kafka;
    return new HealthReport(reason == null, currentRole, streaming, kafka, reason, standbyReady);
  }
}
