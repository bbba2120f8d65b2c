package dev.outbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Stands for {@code up} where only the operator commands are installed (this module's jar, the
 * {@code cli} image): the local run needs the development tooling of a clone of the repository.
 */
@Command(
    name = "up",
    description = "Run the whole platform on this machine (bin/outbox up, from a clone).",
    hidden = false)
final class LocalRunOnly implements Callable<Integer> {

  @Unmatched String[] ignored;

  @Override
  public Integer call() {
    System.err.println(
        "outbox up: the local run is not part of the operator commands; run bin/outbox up from a"
            + " clone of the repository (it needs only a JDK 17)");
    return 2;
  }
}
