package dev.outbox.cli.verify;

import java.util.List;

/**
 * What one pass over both digest views found.
 *
 * @param sourceRows rows read from the source's view
 * @param replicaRows rows read from the replica's view
 * @param compared distinct ids seen on either side
 * @param differences the ids on which the two disagreed when read, in the views' order
 */
record FirstLook(long sourceRows, long replicaRows, long compared, List<Difference> differences) {

  FirstLook {
    differences = List.copyOf(differences);
  }
}
