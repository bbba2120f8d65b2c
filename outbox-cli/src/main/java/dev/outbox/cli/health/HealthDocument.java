package dev.outbox.cli.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the answer of a {@code /health} endpoint. Apps answer {@code {"status": "UP"|"DEGRADED"|
 * "DOWN", "checks": {"database": {"status": ..., "since": ..., "reason": ...}, "consumer": {...,
 * "newestEventAt": ..., "viewAgeSeconds": ...}}}}; relays answer {@code {"status": "UP"|"DOWN",
 * "reason": ...}}. A check may also be a bare status string. An answer without a readable status
 * counts by its HTTP status: 200 is UP, anything else DOWN.
 */
public final class HealthDocument {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HealthDocument() {}

  public static ProcessHealth parse(String name, URI url, int httpStatus, String body) {
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      root = null;
    }
    ProcessState byHttp = httpStatus == 200 ? ProcessState.UP : ProcessState.DOWN;
    if (root == null || !root.isObject()) {
      return new ProcessHealth(
          name,
          url,
          byHttp,
          httpStatus,
          byHttp.healthy() ? null : "HTTP " + httpStatus + " without a health document",
          List.of(),
          root);
    }
    ProcessState state = byHttp;
    String reason = text(root, "reason");
    String status = text(root, "status");
    if (status != null) {
      try {
        state = ProcessState.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        state = ProcessState.DOWN;
        reason = "unknown status '" + status + "'";
      }
      if (state == ProcessState.UNREACHABLE) {
        state = ProcessState.DOWN;
      }
    }
    return new ProcessHealth(name, url, state, httpStatus, reason, checks(root), root);
  }

  private static List<CheckHealth> checks(JsonNode root) {
    List<CheckHealth> checks = new ArrayList<>();
    JsonNode all = root.get("checks");
    if (all == null || !all.isObject()) {
      return checks;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = all.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode check = field.getValue();
      if (check.isTextual()) {
        checks.add(new CheckHealth(field.getKey(), check.asText(), null, null, null, null));
      } else if (check.isObject()) {
        JsonNode age = check.get("viewAgeSeconds");
        checks.add(
            new CheckHealth(
                field.getKey(),
                String.valueOf(text(check, "status")),
                instant(check, "since"),
                text(check, "reason"),
                instant(check, "newestEventAt"),
                age != null && age.isNumber() ? age.asDouble() : null));
      }
    }
    return checks;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
