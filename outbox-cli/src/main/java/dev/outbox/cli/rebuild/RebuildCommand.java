package dev.outbox.cli.rebuild;

import dev.outbox.cli.backfill.Progress;
import dev.outbox.cli.db.DbOptions;
import dev.outbox.cli.verify.Durations;
import dev.outbox.reference.db.ServiceDatabase;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code outbox rebuild <database> <consumer>}: empties every copy a consumer keeps and what it
 * applied to them, asks each copy's source for a backfill ({@code replica_rebuild}, platform V8),
 * then waits until the consumer has received every snapshot of the answers, showing how far it got.
 * Live events go on being applied meanwhile.
 *
 * <p>Exit status: 0 every copy complete again; 1 the database failed, or nothing moved for {@code
 * --stall} (the request stays open and completes when answered); 2 refused (an unknown database or
 * consumer, open dead letters).
 */
@Command(
    name = "rebuild",
    mixinStandardHelpOptions = true,
    description = {
      "Empty the copies (replicas) a consumer keeps and fill them again from a backfill of their"
          + " source, while live events go on; returns once every copy is complete.",
      "Works when Kafka no longer holds any of the source's history: the source republishes its"
          + " current state. Progress, with SQL: SELECT * FROM replica_status;"
    })
public final class RebuildCommand implements Callable<Integer> {

  static final int FAILED = 1;
  static final int REFUSED = 2;
  private static final Duration POLL = Duration.ofMillis(500);

  @Parameters(index = "0", paramLabel = "DATABASE", description = "customers or orders")
  String database;

  @Parameters(
      index = "1",
      paramLabel = "CONSUMER",
      description = "the consumer whose copies to rebuild, e.g. order-app.customer-replica")
  String consumer;

  @Option(
      names = "--stall",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "give up waiting when nothing moved for this long (default: ${DEFAULT-VALUE}; env"
              + " OUTBOX_REBUILD_STALL; 30s, 5m or PT5M)")
  Duration stall;

  @Mixin DbOptions db;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  @Override
  public Integer call() {
    ServiceDatabase service;
    try {
      service = ServiceDatabase.byName(database);
    } catch (IllegalArgumentException e) {
      err.println("rebuild: " + e.getMessage());
      return REFUSED;
    }
    try (Connection c = db.connect(service)) {
      c.setClientInfo("ApplicationName", "outbox rebuild");
      List<UUID> requests;
      try {
        requests = reset(c);
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("55")
            || "22023".equals(e.getSQLState())) {
          err.println("rebuild: " + firstLine(e.getMessage()));
          return REFUSED;
        }
        throw e;
      }
      List<Fill> fills = read(c);
      for (Fill fill : fills) {
        out.println(
            "rebuild: emptied "
                + fill.replica()
                + " of "
                + consumer
                + " and asked "
                + fill.source()
                + " for a backfill of "
                + fill.aggregateType()
                + " (request "
                + fill.request()
                + ")");
      }
      return await(c, requests);
    } catch (SQLException e) {
      err.println("rebuild: " + firstLine(e.getMessage()));
      return FAILED;
    }
  }

  private List<UUID> reset(Connection c) throws SQLException {
    List<UUID> requests = new ArrayList<>();
    c.setAutoCommit(false);
    try (PreparedStatement s = c.prepareStatement("select * from replica_rebuild(?)")) {
      s.setString(1, consumer);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          requests.add(r.getObject(1, UUID.class));
        }
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    return requests;
  }

  private int await(Connection c, List<UUID> requests) throws SQLException {
    Progress progress =
        new Progress(out, System.console() != null, System::nanoTime, "rebuild " + consumer, 0);
    long lastMove = System.nanoTime();
    String lastSeen = "";
    while (true) {
      try (PreparedStatement s = c.prepareStatement("select replica_fill_settle()")) {
        s.execute();
      }
      List<Fill> fills = read(c);
      long received = fills.stream().mapToLong(Fill::received).sum();
      boolean answered = fills.stream().allMatch(f -> f.expected() != null);
      long expected = fills.stream().mapToLong(f -> f.expected() == null ? 0 : f.expected()).sum();
      if (fills.stream().allMatch(f -> f.state().equals("complete"))) {
        progress.end();
        Duration took = progress.elapsed();
        out.println(
            "rebuild of "
                + consumer
                + ": "
                + String.join(", ", fills.stream().map(Fill::replica).toList())
                + " complete again, "
                + received
                + " snapshot(s) in "
                + Progress.duration(took)
                + " ("
                + Progress.rate(received, took)
                + "/s)");
        return 0;
      }
      if (answered) {
        progress.update(received, expected);
      }
      String seen = fills.toString();
      if (!seen.equals(lastSeen)) {
        lastSeen = seen;
        lastMove = System.nanoTime();
      } else if (System.nanoTime() - lastMove > stall.toNanos()) {
        progress.end();
        return stalled(fills, requests);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return FAILED;
      }
    }
  }

  private int stalled(List<Fill> fills, List<UUID> requests) {
    for (Fill fill : fills) {
      if (fill.state().equals("requested")) {
        err.println(
            "rebuild: "
                + fill.source()
                + " has not answered request "
                + fill.request()
                + " for "
                + Progress.duration(stall)
                + ": is the service that owns "
                + fill.aggregateType()
                + " running, and are both relays? (bin/outbox status)");
      } else if (fill.state().equals("filling")) {
        err.println(
            "rebuild: "
                + fill.replica()
                + " received "
                + fill.received()
                + " of "
                + fill.expected()
                + " snapshots and nothing moved for "
                + Progress.duration(stall)
                + ": is the app of "
                + consumer
                + " running, and are snapshots parked? (bin/outbox status, bin/outbox dlq list)");
      }
    }
    err.println(
        "rebuild: the request(s) "
            + requests
            + " stay open; each copy completes when its answer is applied"
            + " (SELECT * FROM replica_status)");
    return FAILED;
  }

  private List<Fill> read(Connection c) throws SQLException {
    List<Fill> fills = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select replica, aggregate_type, source_database, state, request_id, received,"
                + " expected from replica_status where consumer = ? order by replica")) {
      s.setString(1, consumer);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long expected = r.getLong("expected");
          Long expectedOrNull = r.wasNull() ? null : expected;
          fills.add(
              new Fill(
                  r.getString("replica"),
                  r.getString("aggregate_type"),
                  r.getString("source_database"),
                  r.getString("state"),
                  r.getObject("request_id", UUID.class),
                  r.getLong("received"),
                  expectedOrNull));
        }
      }
    }
    return fills;
  }

  private static String firstLine(String message) {
    int newline = message == null ? -1 : message.indexOf('\n');
    return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
  }

  private record Fill(
      String replica,
      String aggregateType,
      String source,
      String state,
      UUID request,
      long received,
      Long expected) {}
}
