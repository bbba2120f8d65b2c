package dev.outbox.cli.dlq;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outbox dlq}: the parked (dead-letter) events of both databases. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "List, replay or discard parked events.",
    subcommands = {DlqListCommand.class, DlqReplayCommand.class, DlqDiscardCommand.class})
public final class DlqCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
