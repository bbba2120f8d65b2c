package dev.outbox.cli.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The partitions an app's consumer holds, as its {@code /health} reports them in the consumer
 * check: {@code "partitions"}, a sorted list of {@code "<topic>-<partition>"}, and {@code
 * "assignedAt"}, when they were last assigned. An app that does not report them has none here.
 *
 * @param partitions {@code "<topic>-<partition>"}, sorted as reported
 * @param assignedAt when the consumer got them; {@code null} when not reported
 */
public record ConsumerAssignment(List<String> partitions, Instant assignedAt) {

  public ConsumerAssignment {
    partitions = List.copyOf(partitions);
  }

  /** What {@code health}'s consumer check reports; empty when it reports no partition list. */
  public static Optional<ConsumerAssignment> of(ProcessHealth health) {
    JsonNode body = health.body();
    JsonNode consumer = body == null ? null : body.path("checks").path("consumer");
    JsonNode listed = consumer == null ? null : consumer.get("partitions");
    if (listed == null || !listed.isArray()) {
      return Optional.empty();
    }
    List<String> partitions = new ArrayList<>();
    listed.forEach(p -> partitions.add(p.asText()));
    return Optional.of(new ConsumerAssignment(partitions, instant(consumer.get("assignedAt"))));
  }

  /** The partitions of {@code topic} among them. */
  public List<String> of(String topic) {
    return partitions.stream().filter(p -> topicOf(p).equals(topic)).toList();
  }

  /** The topic of {@code "<topic>-<partition>"}: a topic's name may hold '-' itself. */
  static String topicOf(String partition) {
    int dash = partition.lastIndexOf('-');
    return dash < 0 ? partition : partition.substring(0, dash);
  }

  private static Instant instant(JsonNode value) {
    if (value == null || !value.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(value.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
