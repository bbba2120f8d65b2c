package dev.outbox.cli.dlq;

import dev.outbox.cli.db.DbOptions;
import dev.outbox.cli.status.DatabaseStatus;
import dev.outbox.cli.status.StatusReader;
import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code outbox dlq list}: open dead letters (PARKED and the BLOCKED behind them). */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the open dead letters of both databases, oldest first.")
public final class DlqListCommand implements Callable<Integer> {

  @Mixin DbOptions db;

  @Override
  public Integer call() {
    int total = 0;
    try {
      for (ServiceDatabase service : ServiceDatabase.values()) {
        List<DatabaseStatus.Parked> open;
        try (Connection c = db.connect(service)) {
          open = new StatusReader().openDeadLetters(c);
        }
        for (DatabaseStatus.Parked p : open) {
          total++;
          System.out.printf(
              "%-9s #%-5d %-7s %-28s %s/%s v%s %s, %d attempt(s)%n      %s%n",
              service.databaseName(),
              p.id(),
              p.status(),
              p.consumer(),
              p.aggregateType(),
              p.aggregateId(),
              p.aggregateVersion(),
              p.eventType(),
              p.attempts(),
              p.status().equals("BLOCKED") ? "waits behind #" + p.blockedBy() : p.error());
        }
      }
    } catch (SQLException e) {
      System.err.println("dlq list: " + e.getMessage());
      return 2;
    }
    System.out.println(total == 0 ? "no open dead letters" : total + " open dead letter(s)");
    return 0;
  }
}
