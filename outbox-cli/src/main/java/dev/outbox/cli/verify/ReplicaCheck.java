package dev.outbox.cli.verify;

import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Compares one replica with its source: both digest views read in batches in the same order and
 * merged ({@link Merge}), then what differed looked at again after the grace period ({@link
 * Recheck}).
 */
final class ReplicaCheck {

  private final int batchSize;
  private final Duration grace;
  private final Recheck.Pause pause;
  private final ProgressLine progress;
  private final Executor readers;

  /**
   * @param readers where the next batch of each side is read while the current one is merged (two
   *     threads let both databases work at once)
   */
  ReplicaCheck(
      int batchSize, Duration grace, Recheck.Pause pause, ProgressLine progress, Executor readers) {
    this.batchSize = batchSize;
    this.grace = Objects.requireNonNull(grace, "grace");
    this.pause = Objects.requireNonNull(pause, "pause");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.readers = Objects.requireNonNull(readers, "readers");
  }

  /**
   * @param replicaDb the database that holds the replica
   * @param sourceDb its source's database
   * @param source where that is, for the report
   * @throws VerifyException when a view is missing or unreadable
   */
  ReplicaVerdict run(
      ReplicaDeclaration replica, Connection replicaDb, Connection sourceDb, String source) {
    DigestView replicaView =
        DigestView.resolve(replicaDb, replica.database(), replica.digestView());
    DigestView sourceView =
        DigestView.resolve(sourceDb, replica.sourceDatabase(), replica.sourceDigestView());
    progress.say(
        replica.name(),
        String.format(
            Locale.ROOT,
            "comparing %s in %s with %s in %s, %,d ids per batch",
            replicaView.relation(),
            replica.database(),
            sourceView.relation(),
            source,
            batchSize));
    progress.start(replica.name());
    long started = System.nanoTime();
    FirstLook look =
        Merge.compare(
            new DigestCursor(sourceView, batchSize, readers),
            new DigestCursor(replicaView, batchSize, readers),
            progress::compared);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    Recheck.Outcome outcome =
        new Recheck(
                sourceView::rowsOf,
                replicaView::rowsOf,
                batchSize,
                grace,
                pause,
                line -> progress.say(replica.name(), line))
            .run(look.differences());
    return new ReplicaVerdict(replica, source, look, outcome, elapsed);
  }
}
