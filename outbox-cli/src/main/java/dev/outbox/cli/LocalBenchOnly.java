package dev.outbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Stands for {@code bench} where only the operator commands are installed: the benchmark starts its
 * own embedded PostgreSQL and Kafka and the built jars, development tooling of a clone.
 */
@Command(
    name = "bench",
    description =
        "Measure relay drain, consumer apply and end-to-end freshness on this machine (bin/outbox"
            + " bench, from a clone).")
final class LocalBenchOnly implements Callable<Integer> {

  @Unmatched String[] ignored;

  @Override
  public Integer call() {
    System.err.println(
        "outbox bench: the benchmark is not part of the operator commands; run bin/outbox bench"
            + " from a clone of the repository (it needs only a JDK 17)");
    return 2;
  }
}
