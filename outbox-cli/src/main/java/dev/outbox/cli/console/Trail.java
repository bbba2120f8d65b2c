package dev.outbox.cli.console;

import dev.outbox.cli.db.DbOptions;
import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The answer of {@code GET /api/trail?q=}: where events were written, relayed and applied. Each
 * service database answers {@code event_trail(uuid)} (outbox-schema's inspection function) for the
 * events it knows under the id (an event id, or an aggregate id: its events); the steps of all
 * databases are merged by time, and a {@code relayed} step is added from the timestamp of the Kafka
 * record that a receiving inbox recorded.
 */
final class Trail {

  static final int MAX_EVENTS = 20;

  record Step(
      String step, String database, String actor, Instant at, String detail, Long sinceWrittenMs) {}

  record Event(
      String eventId,
      String eventType,
      String aggregateType,
      String aggregateId,
      List<Step> steps) {}

  record Answer(String query, List<Event> events, List<String> problems) {}

  private final DbOptions db;
  private final String kafkaBootstrap;
  private final Duration kafkaTimeout;

  Trail(DbOptions db, String kafkaBootstrap, Duration kafkaTimeout) {
    this.db = db;
    this.kafkaBootstrap = kafkaBootstrap;
    this.kafkaTimeout = kafkaTimeout;
  }

  private record Known(String eventType, String aggregateType, String aggregateId, Instant at) {}

  Answer of(UUID query) {
    List<String> problems = new ArrayList<>();
    Map<String, Known> known = new LinkedHashMap<>();
    Map<String, List<Step>> steps = new LinkedHashMap<>();
    for (ServiceDatabase service : ServiceDatabase.values()) {
      try (Connection c = db.connect(service)) {
        Map<String, Known> here = events(c, query);
        here.forEach(
            (id, k) ->
                known.merge(
                    id,
                    k,
                    (a, b) ->
                        a.at() != null && (b.at() == null || a.at().isAfter(b.at())) ? a : b));
        for (String id : here.keySet()) {
          steps.computeIfAbsent(id, i -> new ArrayList<>()).addAll(trail(c, id));
        }
      } catch (SQLException e) {
        problems.add(
            service.databaseName()
                + ": not readable, its steps are missing ("
                + e.getMessage().replaceAll("\\s*\\R\\s*", " ")
                + ")");
      }
    }
    List<String> ids =
        known.entrySet().stream()
            .sorted(
                Comparator.comparing(
                    (Map.Entry<String, Known> e) -> e.getValue().at(),
                    Comparator.nullsLast(Comparator.reverseOrder())))
            .limit(MAX_EVENTS)
            .map(Map.Entry::getKey)
            .toList();
    List<Event> events = new ArrayList<>();
    try (KafkaTimestamps kafka = new KafkaTimestamps(kafkaBootstrap, kafkaTimeout)) {
      boolean kafkaReadable = true;
      for (String id : ids) {
        List<Step> all = new ArrayList<>(steps.getOrDefault(id, List.of()));
        if (kafkaReadable) {
          try {
            all.addAll(relayed(all, kafka));
          } catch (KafkaTimestamps.KafkaUnreadableException e) {
            kafkaReadable = false;
            problems.add("the relayed steps are missing: " + e.getMessage());
          }
        }
        Known k = known.get(id);
        events.add(new Event(id, k.eventType(), k.aggregateType(), k.aggregateId(), timed(all)));
      }
    }
    return new Answer(query.toString(), events, problems);
  }

  /** The events a database knows under {@code query}: the event itself, or an aggregate's. */
  private static Map<String, Known> events(Connection c, UUID query) throws SQLException {
    Map<String, Known> known = new LinkedHashMap<>();
    String sql =
        "SELECT id::text, event_type, aggregate_type, aggregate_id, occurred_at FROM outbox"
            + " WHERE id = ? OR aggregate_id = ?"
            + " UNION ALL SELECT event_id::text, event_type, aggregate_type, aggregate_id,"
            + " received_at FROM inbox WHERE event_id = ? OR aggregate_id = ?"
            + " UNION ALL SELECT event_id::text, event_type, aggregate_type, aggregate_id,"
            + " parked_at FROM dead_letter WHERE event_id IS NOT NULL"
            + " AND (event_id = ? OR aggregate_id = ?)";
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 1; i <= 6; i += 2) {
        st.setObject(i, query);
        st.setString(i + 1, query.toString());
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          java.sql.Timestamp at = rs.getTimestamp(5);
          known.putIfAbsent(
              rs.getString(1),
              new Known(
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  at == null ? null : at.toInstant()));
        }
      }
    }
    return known;
  }

  private static List<Step> trail(Connection c, String eventId) throws SQLException {
    List<Step> steps = new ArrayList<>();
    try (PreparedStatement st =
        c.prepareStatement("SELECT step, database, actor, at, detail FROM event_trail(?::uuid)")) {
      st.setString(1, eventId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          java.sql.Timestamp at = rs.getTimestamp(4);
          steps.add(
              new Step(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  at == null ? null : at.toInstant(),
                  rs.getString(5),
                  null));
        }
      }
    }
    return steps;
  }

  /** One {@code relayed} step per Kafka record that an inbox recorded receiving. */
  private static List<Step> relayed(List<Step> steps, KafkaTimestamps kafka) {
    String source =
        steps.stream()
            .filter(s -> s.step().equals("written"))
            .map(Step::database)
            .findFirst()
            .orElse(null);
    Set<KafkaTimestamps.Position> seen = new HashSet<>();
    List<Step> relayed = new ArrayList<>();
    for (Step s : steps) {
      if (!s.step().equals("received")) {
        continue;
      }
      Optional<KafkaTimestamps.Position> position = KafkaTimestamps.Position.parse(s.detail());
      if (position.isEmpty() || !seen.add(position.get())) {
        continue;
      }
      kafka
          .timestampOf(position.get())
          .ifPresent(
              at ->
                  relayed.add(
                      new Step(
                          "relayed",
                          source,
                          position.get().toString(),
                          at,
                          "Kafka record timestamp",
                          null)));
    }
    return relayed;
  }

  /** In time order, each with its time since the event was written (null when not written here). */
  static List<Step> timed(List<Step> steps) {
    Instant written =
        steps.stream()
            .filter(s -> s.step().equals("written"))
            .map(Step::at)
            .findFirst()
            .orElse(null);
    return steps.stream()
        .sorted(Comparator.comparing(Step::at, Comparator.nullsLast(Comparator.naturalOrder())))
        .map(
            s ->
                new Step(
                    s.step(),
                    s.database(),
                    s.actor(),
                    s.at(),
                    s.detail(),
                    written == null || s.at() == null
                        ? null
                        : Duration.between(written, s.at()).toMillis()))
        .toList();
  }
}
