package dev.outbox.cli.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Merges the rows of a source's and a replica's digest views, both in {@link CodePointOrder}, as a
 * merge join: an id on one side only is missing or extra, an id on both is compared by version and
 * digest ({@link Difference#between}). Memory holds the differences, never a whole view.
 */
final class Merge {

  /** How often (in compared ids) the progress callback is told. */
  static final int PROGRESS_EVERY = 1000;

  private Merge() {}

  /**
   * Compares every row.
   *
   * @param progress told the number of ids compared so far, every {@link #PROGRESS_EVERY}
   */
  static FirstLook compare(DigestRows source, DigestRows replica, LongConsumer progress) {
    List<Difference> differences = new ArrayList<>();
    long sourceRows = 0;
    long replicaRows = 0;
    long compared = 0;
    DigestRow s = source.next();
    DigestRow r = replica.next();
    while (s != null || r != null) {
      int order = s == null ? 1 : r == null ? -1 : CodePointOrder.INSTANCE.compare(s.id(), r.id());
      Difference difference;
      if (order < 0) {
        difference = Difference.between(s, null);
        sourceRows++;
        s = source.next();
      } else if (order > 0) {
        difference = Difference.between(null, r);
        replicaRows++;
        r = replica.next();
      } else {
        difference = Difference.between(s, r);
        sourceRows++;
        replicaRows++;
        s = source.next();
        r = replica.next();
      }
      if (difference != null) {
        differences.add(difference);
      }
      if (++compared % PROGRESS_EVERY == 0) {
        progress.accept(compared);
      }
    }
    progress.accept(compared);
    return new FirstLook(sourceRows, replicaRows, compared, differences);
  }
}
