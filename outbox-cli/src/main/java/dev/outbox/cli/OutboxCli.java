package dev.outbox.cli;

import dev.outbox.cli.backfill.BackfillCommand;
import dev.outbox.cli.config.SettingDefaults;
import dev.outbox.cli.console.ConsoleCommand;
import dev.outbox.cli.dlq.DlqCommand;
import dev.outbox.cli.migrate.MigrateCommand;
import dev.outbox.cli.psql.PsqlCommand;
import dev.outbox.cli.rebuild.RebuildCommand;
import dev.outbox.cli.schema.SchemaCommand;
import dev.outbox.cli.status.StatusCommand;
import dev.outbox.cli.verify.VerifyCommand;
import dev.outbox.config.ConfigException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code outbox}: the operator commands. {@code bin/outbox} runs them from this module's jar, and
 * runs {@code up} and {@code bench} from outbox-local, which puts its own in place of {@link
 * LocalRunOnly} and {@link LocalBenchOnly}.
 */
@Command(
    name = "outbox",
    mixinStandardHelpOptions = true,
    version = "outbox 0.1.0",
    description = "Run the outbox platform locally and operate it.",
    subcommands = {
      LocalRunOnly.class,
      LocalBenchOnly.class,
      StatusCommand.class,
      DlqCommand.class,
      PsqlCommand.class,
      MigrateCommand.class,
      BackfillCommand.class,
      VerifyCommand.class,
      ConsoleCommand.class,
      RebuildCommand.class,
      SchemaCommand.class,
      CommandLine.HelpCommand.class
    })
public final class OutboxCli implements Runnable {

  /** The exit status of a configuration error, as every component of the platform uses it. */
  public static final int CONFIGURATION_ERROR = 2;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * The command line with every operator command, its options' defaults taken from {@code
   * environment}.
   *
   * @throws ConfigException listing every problem of the {@code OUTBOX_*} variables
   */
  public static CommandLine commandLine(Map<String, String> environment) {
    return commandLine(environment, null);
  }

  /** The same, with {@code up} (when not null) in place of the stand-in of the operator jar. */
  public static CommandLine commandLine(Map<String, String> environment, Object up) {
    return commandLine(environment, up == null ? List.of() : List.of(up));
  }

  /**
   * The same, with each of {@code local} (the commands of outbox-local, such as {@code up}) in
   * place of the operator jar's stand-in of the same name.
   */
  public static CommandLine commandLine(Map<String, String> environment, List<?> local) {
    SettingDefaults defaults = SettingDefaults.read(environment);
    CommandLine cli = new CommandLine(new OutboxCli());
    for (Object command : local == null ? List.of() : local) {
      String name = new CommandLine(command).getCommandName();
      cli.getCommandSpec().removeSubcommand(name);
      cli.addSubcommand(name, command);
    }
    // Set last: it reaches only the subcommands present now.
    cli.setDefaultValueProvider(defaults);
    return cli;
  }

  /**
   * Runs one command; a misspelt or bad {@code OUTBOX_*} variable ends it before anything runs,
   * with every problem on {@code err} and exit status 2.
   */
  public static int execute(
      String[] args, Map<String, String> environment, Object up, PrintStream err) {
    return execute(args, environment, up == null ? List.of() : List.of(up), err);
  }

  /** The same, with the commands of outbox-local in place of their stand-ins. */
  public static int execute(
      String[] args, Map<String, String> environment, List<?> local, PrintStream err) {
    CommandLine cli;
    try {
      cli = commandLine(environment, local);
    } catch (ConfigException e) {
      err.println("outbox: configuration error: " + e.getMessage());
      err.println("outbox: every OUTBOX_* variable is listed in the README");
      return CONFIGURATION_ERROR;
    }
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.getenv(), null, System.err));
  }
}
