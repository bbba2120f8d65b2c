package dev.outbox.cli.verify;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Reads a digest view from its first id to its last in batches, keyset-paged ({@code WHERE
 * aggregate_id > last ORDER BY aggregate_id LIMIT n}). The next batch is read on {@code executor}
 * while the caller works through the current one, so that both sides' databases work at once.
 * Checks that the view's order is {@link CodePointOrder}: a merge in another order would report
 * differences that are not there.
 */
final class DigestCursor implements DigestRows {

  private final DigestView view;
  private final int batchSize;
  private final Executor executor;
  private List<DigestRow> batch = List.of();
  private int position;
  private CompletableFuture<List<DigestRow>> next;
  private boolean last;
  private DigestRow previous;

  DigestCursor(DigestView view, int batchSize, Executor executor) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    this.view = view;
    this.batchSize = batchSize;
    this.executor = executor;
    this.next = read(null);
  }

  @Override
  public DigestRow next() {
    if (position == batch.size()) {
      if (last) {
        return null;
      }
      batch = await(next);
      position = 0;
      last = batch.size() < batchSize;
      if (!last) {
        next = read(batch.get(batch.size() - 1).id());
      }
      if (batch.isEmpty()) {
        return null;
      }
    }
    DigestRow row = batch.get(position++);
    if (previous != null && CodePointOrder.INSTANCE.compare(previous.id(), row.id()) >= 0) {
      throw new VerifyException(
          "the digest view "
              + view.relation()
              + " in database "
              + view.database()
              + " returned "
              + row.id()
              + " after "
              + previous.id()
              + ": its aggregate_id must be unique text in a UTF-8 database, ordered byte-wise");
    }
    previous = row;
    return row;
  }

  private CompletableFuture<List<DigestRow>> read(String after) {
    return CompletableFuture.supplyAsync(() -> view.batchAfter(after, batchSize), executor);
  }

  private static List<DigestRow> await(CompletableFuture<List<DigestRow>> batch) {
    try {
      return batch.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
