package dev.outbox.service.replica;

import dev.outbox.client.replica.ReplicaLifecycle;
import dev.outbox.client.replica.ReplicaStatus;
import dev.outbox.service.health.HealthCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The {@code replicas} entry of {@code /health}: UP when every copy the service keeps is complete;
 * DOWN but still serving (the report says DEGRADED, HTTP 200) while one is being filled (bootstrap
 * or rebuild), with how far each fill got. The service answers from its copies meanwhile, and says
 * so where an answer depends on what is not there yet.
 */
public final class ReplicaCheck implements HealthCheck {

  private final ReplicaLifecycle replicas;

  public ReplicaCheck(ReplicaLifecycle replicas) {
    this.replicas = Objects.requireNonNull(replicas, "replicas");
  }

  @Override
  public Result check() {
    List<ReplicaStatus> all = replicas.replicas();
    Map<String, Object> details = new LinkedHashMap<>();
    for (ReplicaStatus status : all) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("state", status.state());
      entry.put("received", status.received());
      entry.put("expected", status.expected());
      entry.put(
          "requestedAt", status.requestedAt() == null ? null : status.requestedAt().toString());
      entry.put(
          "completedAt", status.completedAt() == null ? null : status.completedAt().toString());
      details.put(status.replica(), entry);
    }
    List<ReplicaStatus> incomplete = all.stream().filter(s -> !s.complete()).toList();
    if (incomplete.isEmpty()) {
      return Result.up(details);
    }
    String reason =
        incomplete.stream()
            .map(s -> s.replica() + " " + s.describe())
            .collect(Collectors.joining("; "));
    return Result.degraded(incomplete.get(0).requestedAt(), reason).withDetails(details);
  }
}
