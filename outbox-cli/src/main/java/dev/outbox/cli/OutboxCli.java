package dev.outbox.cli;

import dev.outbox.cli.dlq.DlqCommand;
import dev.outbox.cli.migrate.MigrateCommand;
import dev.outbox.cli.psql.PsqlCommand;
import dev.outbox.cli.status.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code outbox}: the operator commands. {@code bin/outbox} runs them from this module's jar, and
 * runs {@code up} from outbox-local, which adds it to {@link #commandLine()}.
 */
@Command(
    name = "outbox",
    mixinStandardHelpOptions = true,
    version = "outbox 0.1.0",
    description = "Run the outbox platform locally and operate it.",
    subcommands = {
      LocalRunOnly.class,
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

  /** The command line with every operator command. */
  public static CommandLine commandLine() {
    return new CommandLine(new OutboxCli());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
