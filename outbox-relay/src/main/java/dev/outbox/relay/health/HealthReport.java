package dev.outbox.relay.health;

/**
 * What {@code GET /health} answers.
 *
 * @param healthy true only for an active relay that streams and reaches Kafka
 * @param role active or standby
 * @param streaming the engine polls and the slot is read by this relay
 * @param kafkaReachable the last probe or send reached the cluster
 * @param reason why the relay is not healthy, or {@code null}
 * @param standbyReady a standby with nothing wrong of its own (its database and Kafka answer): it
 *     does its job, waiting to take over, though it is not healthy in the sense of streaming; a
 *     standby's JSON says it as {@code "ready"}, so that supervisors need not read its reason
 */
public record HealthReport(
    boolean healthy,
    Role role,
    boolean streaming,
    boolean kafkaReachable,
    String reason,
    boolean standbyReady) {

  /** A small JSON object; reasons are plain text without secrets. */
  public String toJson() {
    return "{\"status\":\""
        + (healthy ? "UP" : "DOWN")
        + "\",\"role\":\""
        + role.label()
        + "\",\"streaming\":"
        + streaming
        + ",\"kafka\":"
        + kafkaReachable
        + (role == Role.STANDBY ? ",\"ready\":" + standbyReady : "")
        + (reason == null ? "" : ",\"reason\":\"" + escape(reason) + "\"")
        + "}";
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
