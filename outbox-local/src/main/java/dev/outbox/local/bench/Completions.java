package dev.outbox.local.bench;

import java.util.Arrays;

/**
 * A rate from the instants at which each event was done (appended to Kafka, committed in a view):
 * the events done after the first instant, divided by the time from the first to the last. Events
 * are done in batches that share one instant; those of the first batch are done "at the start" and
 * do not count, so that a rate never includes work done before its window.
 */
final class Completions {

  private Completions() {}

  /**
   * @param instants one per event, in any unit of time; sorted in place
   * @param unitsPerSecond 1,000 for milliseconds, 1,000,000 for microseconds
   * @return events per second; 0 when every event shares one instant
   */
  static double perSecond(long[] instants, double unitsPerSecond) {
    if (instants.length < 2) {
      return 0;
    }
    Arrays.sort(instants);
    long first = instants[0];
    long last = instants[instants.length - 1];
    if (last == first) {
      return 0;
    }
    int atFirst = 1;
    while (atFirst < instants.length && instants[atFirst] == first) {
      atFirst++;
    }
    return (instants.length - atFirst) / ((last - first) / unitsPerSecond);
  }

  /** Seconds from the first instant to the last; sorts in place. */
  static double spanSeconds(long[] instants, double unitsPerSecond) {
    if (instants.length == 0) {
      return 0;
    }
    Arrays.sort(instants);
    return (instants[instants.length - 1] - instants[0]) / unitsPerSecond;
  }
}
