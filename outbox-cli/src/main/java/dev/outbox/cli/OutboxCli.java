package dev.outbox.cli;

import dev.outbox.cli.dlq.DlqCommand;
import dev.outbox.cli.migrate.MigrateCommand;
import dev.outbox.cli.psql.PsqlCommand;
import dev.outbox.cli.status.StatusCommand;
import dev.outbox.cli.up.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bin/outbox}: the one entry point for people running the platform locally. */
@Command(
    name = "outbox",
    mixinStandardHelpOptions = true,
    version = "outbox 0.1.0",
    description = "Run the outbox platform locally and operate it.",
    subcommands = {
      UpCommand.class,
      StatusCommand.class,
      DlqCommand.class,
      PsqlCommand.class,
      MigrateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class OutboxCli implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OutboxCli()).execute(args));
  }
}
