package dev.outbox.local;

import dev.outbox.cli.OutboxCli;
import picocli.CommandLine;

/** {@code bin/outbox up}: the operator commands, with the real {@code up} in place. */
public final class LocalMain {

  private LocalMain() {}

  public static void main(String[] args) {
    CommandLine cli = OutboxCli.commandLine();
    cli.getCommandSpec().removeSubcommand("up");
    cli.addSubcommand("up", new UpCommand());
    System.exit(cli.execute(args));
  }
}
