package dev.outbox.cli.dlq;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code outbox dlq replay}: applies a parked event again, then the events blocked behind it. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Apply a PARKED event again, then the events of its aggregate blocked behind it, in order.")
public final class DlqReplayCommand extends DlqAction implements Callable<Integer> {

  @Override
  public Integer call() {
    return run("replay");
  }
}
