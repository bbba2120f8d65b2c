package dev.outbox.cli.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.cli.status.RunProcesses.RunProcess;

/**
 * One process in {@code status --json}: the fields of its {@link
 * dev.outbox.cli.health.ProcessHealth} as they always were ({@code name, url, state, httpStatus,
 * reason, checks, body}), then who it is ({@code kind, app, database, baseUrl, pid, roleHint}) and
 * what status makes of it ({@code healthy}; a relay's {@code role}; an app's {@code partitions} and
 * {@code assignedAt} when it reports them).
 */
final class JsonProcess {

  private JsonProcess() {}

  static ObjectNode of(ObjectMapper mapper, ProcessStatus status) {
    ObjectNode node = mapper.valueToTree(status.health());
    RunProcess process = status.process();
    node.put("kind", process.kind().label());
    if (process.app() != null) {
      node.put("app", process.app());
    }
    node.put("database", process.database());
    node.put("baseUrl", process.url().toString());
    if (process.pid() != null) {
      node.put("pid", process.pid());
    }
    if (process.role() != null) {
      node.put("roleHint", process.role());
    }
    node.put("healthy", status.healthy());
    status.role().ifPresent(role -> node.put("role", role));
    status
        .assignment()
        .ifPresent(
            a -> {
              ArrayNode partitions = node.putArray("partitions");
              a.partitions().forEach(partitions::add);
              node.put("assignedAt", a.assignedAt() == null ? null : a.assignedAt().toString());
            });
    return node;
  }
}
