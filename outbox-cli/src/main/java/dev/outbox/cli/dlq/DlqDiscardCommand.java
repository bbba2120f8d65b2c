package dev.outbox.cli.dlq;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code outbox dlq discard}: gives up on a parked event (its row is kept) and frees the rest. */
@Command(
    name = "discard",
    mixinStandardHelpOptions = true,
    description =
        "Discard a PARKED event (its row is kept, status DISCARDED), then apply the events of its"
            + " aggregate that were blocked behind it.")
public final class DlqDiscardCommand extends DlqAction implements Callable<Integer> {

  @Override
  public Integer call() {
    return run("discard");
  }
}
