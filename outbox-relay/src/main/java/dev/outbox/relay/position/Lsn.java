package dev.outbox.relay.position;

/** PostgreSQL WAL positions, shown as PostgreSQL shows them ({@code 16/B374D848}). */
public final class Lsn {

  private Lsn() {}

  public static long parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not an LSN: " + text);
    }
    long high = Long.parseLong(text.substring(0, slash), 16);
    long low = Long.parseLong(text.substring(slash + 1), 16);
    return (high << 32) | low;
  }

  public static String format(long lsn) {
    return Long.toHexString(lsn >>> 32).toUpperCase()
        + "/"
        + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }
}
