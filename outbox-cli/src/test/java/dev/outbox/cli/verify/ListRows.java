package dev.outbox.cli.verify;

import java.util.Iterator;
import java.util.List;

/** Digest rows from a list, for tests of what reads them. */
final class ListRows implements DigestRows {

  private final Iterator<DigestRow> rows;

  ListRows(List<DigestRow> rows) {
    this.rows = rows.iterator();
  }

  static ListRows of(DigestRow... rows) {
    return new ListRows(List.of(rows));
  }

  @Override
  public DigestRow next() {
    return rows.hasNext() ? rows.next() : null;
  }
}
