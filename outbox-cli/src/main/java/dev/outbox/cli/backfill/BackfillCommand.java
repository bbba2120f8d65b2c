package dev.outbox.cli.backfill;

import dev.outbox.cli.db.DbOptions;
import dev.outbox.reference.db.ServiceDatabase;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code outbox backfill <database> <aggregate-type>}: republishes the current state of every
 * aggregate of a type (or of {@code --ids}) through the owning service's outbox, as snapshot
 * events, in batches of one transaction each ({@code backfill_step}, platform V5). A later run for
 * the same type and ids resumes an unfinished backfill from its stored position.
 *
 * <p>Exit status: 0 done; 1 the database failed (the backfill stays resumable); 2 refused (an
 * unknown database or aggregate type, a bad id list or batch size).
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Republish the current state of every aggregate of a type (or of --ids) as snapshot events"
          + " through the owning database's outbox, in batches, while normal writes go on.",
      "A later run for the same type and ids resumes an unfinished backfill where it stopped."
          + " Consumers apply a snapshot only when it is newer than what they hold, so running it"
          + " again has no second effect on any view.",
      "Progress, with SQL: SELECT * FROM backfill_progress;"
    })
public final class BackfillCommand implements Callable<Integer> {

  static final int REFUSED = 2;
  static final int FAILED = 1;

  @Parameters(index = "0", paramLabel = "DATABASE", description = "customers or orders")
  String database;

  @Parameters(
      index = "1",
      paramLabel = "AGGREGATE-TYPE",
      description = "an aggregate type the database declares in state_source, e.g. customer")
  String aggregateType;

  @Option(
      names = "--ids",
      paramLabel = "ID[,ID...]",
      description = "only these aggregates (ids not found are reported)")
  String ids;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description =
          "snapshots per transaction, 1 to 100000 (default: ${DEFAULT-VALUE}; env"
              + " OUTBOX_BACKFILL_BATCH_SIZE)")
  int batchSize;

  @Option(
      names = "--restart",
      description =
          "cancel an unfinished backfill of the same type and ids and start a new one instead of"
              + " resuming it")
  boolean restart;

  @Mixin DbOptions db;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  @Override
  public Integer call() {
    ServiceDatabase service;
    IdList idList;
    try {
      service = ServiceDatabase.byName(database);
      idList = ids == null ? new IdList(List.of(), 0) : IdList.parse(ids);
      if (batchSize < 1 || batchSize > 100_000) {
        throw new IllegalArgumentException(
            "--batch-size must be between 1 and 100000, was " + batchSize);
      }
    } catch (IllegalArgumentException e) {
      err.println("backfill: " + e.getMessage());
      return REFUSED;
    }
    if (idList.duplicates() > 0) {
      out.println("backfill: " + idList.duplicates() + " repeated id(s) of --ids count once");
    }
    try (Connection c = db.connect(service)) {
      c.setClientInfo("ApplicationName", "outbox backfill");
      return run(service, new Backfills(c), idList.ids());
    } catch (SQLException e) {
      err.println("backfill: " + e.getMessage());
      return FAILED;
    }
  }

  private int run(ServiceDatabase service, Backfills backfills, List<String> idList)
      throws SQLException {
    List<String> declared = backfills.declaredTypes();
    if (!declared.contains(aggregateType)) {
      err.println(
          "backfill: the "
              + service.databaseName()
              + " database has no state source for aggregate type '"
              + aggregateType
              + "'; it declares "
              + (declared.isEmpty()
                  ? "none (a service declares one in its state_source table, see docs/backfill.md)"
                  : String.join(", ", declared)));
      return REFUSED;
    }
    BackfillState state = begin(backfills, idList);
    Progress progress =
        new Progress(
            out,
            System.console() != null,
            System::nanoTime,
            "backfill " + state.id(),
            state.emitted());
    Thread interrupted = onInterrupt(state);
    try {
      while (!state.done()) {
        try {
          backfills.step(state.id(), batchSize);
        } catch (SQLException e) {
          progress.end();
          return failed(backfills, state, e);
        }
        state = backfills.read(state.id());
        progress.update(state.emitted(), state.expectedTotal());
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C while a step ran: the hook says what to do.
      }
    }
    progress.end();
    report(state, progress);
    return 0;
  }

  /** Resumes the unfinished backfill of the same type and ids, or starts a new one. */
  private BackfillState begin(Backfills backfills, List<String> idList) throws SQLException {
    Optional<BackfillState> unfinished = backfills.unfinished(aggregateType, idList);
    if (unfinished.isPresent() && !restart) {
      BackfillState resumed = unfinished.get();
      out.println(
          "backfill: resuming backfill "
              + resumed.id()
              + " of "
              + aggregateType
              + " ("
              + resumed.status()
              + ", started "
              + resumed.createdAt()
              + ") at "
              + resumed.emitted()
              + "/"
              + resumed.expectedTotal()
              + (resumed.resumeAfter() == null ? "" : ", after id " + resumed.resumeAfter())
              + "; --restart starts a new one instead");
      return resumed;
    }
    if (unfinished.isPresent()) {
      BackfillState old = unfinished.get();
      backfills.cancel(old.id());
      out.println(
          "backfill: cancelled unfinished backfill "
              + old.id()
              + " at "
              + old.emitted()
              + "/"
              + old.expectedTotal()
              + " (--restart)");
    }
    BackfillState started = backfills.start(aggregateType, idList);
    out.println(
        "backfill: started backfill "
            + started.id()
            + " of "
            + aggregateType
            + (idList.isEmpty() ? "" : " (" + idList.size() + " id(s) asked)")
            + ": "
            + started.expectedTotal()
            + " aggregate(s) in batches of "
            + batchSize
            + "; progress: SELECT * FROM backfill_progress WHERE backfill_id = '"
            + started.id()
            + "'");
    return started;
  }

  private void report(BackfillState state, Progress progress) {
    long thisRun = progress.emittedThisRun(state.emitted());
    Duration elapsed = progress.elapsed();
    if (!state.missingIds().isEmpty()) {
      out.println(
          "backfill: "
              + state.missingIds().size()
              + " id(s) not found, so not emitted: "
              + String.join(", ", state.missingIds()));
    }
    out.println(
        "backfill "
            + state.id()
            + " of "
            + state.aggregateType()
            + ": "
            + state.emitted()
            + " snapshots"
            + (thisRun == state.emitted() ? "" : " (" + thisRun + " in this run)")
            + " in "
            + Progress.duration(elapsed)
            + " ("
            + Progress.rate(thisRun, elapsed)
            + "/s); consumers apply them under the version guard");
  }

  private int failed(Backfills backfills, BackfillState state, SQLException e) {
    try {
      backfills.fail(state.id(), e.getMessage());
    } catch (SQLException again) {
      // The connection itself is gone: the stored progress is intact either way.
      err.println("backfill: could not record the failure: " + again.getMessage());
    }
    err.println(
        "backfill "
            + state.id()
            + " stopped at "
            + state.emitted()
            + "/"
            + state.expectedTotal()
            + ": "
            + e.getMessage());
    err.println("backfill: the same command resumes it from there");
    return FAILED;
  }

  /** On Ctrl-C (not on kill -9), says how to go on: the stored position is intact. */
  private Thread onInterrupt(BackfillState state) {
    Thread hook =
        new Thread(
            () ->
                err.println(
                    "\nbackfill "
                        + state.id()
                        + " interrupted; the same command resumes it from its stored position"));
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }
}
