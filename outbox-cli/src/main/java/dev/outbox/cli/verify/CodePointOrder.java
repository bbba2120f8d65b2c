package dev.outbox.cli.verify;

import java.util.Comparator;

/**
 * The order of PostgreSQL's {@code COLLATE "C"} on text of a UTF-8 database: byte-wise, which for
 * UTF-8 is the order of code points. verify reads both digest views in that order and merges them
 * in Java with this comparator, so both must agree for every id. {@link String#compareTo} does not
 * (it compares UTF-16 units, which puts U+E000..U+FFFF after the supplementary planes).
 */
public final class CodePointOrder implements Comparator<String> {

  /** The one instance. */
  public static final CodePointOrder INSTANCE = new CodePointOrder();

  private CodePointOrder() {}

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    if (i < a.length()) {
      return 1;
    }
    return j < b.length() ? -1 : 0;
  }
}
