package dev.outbox.cli.schema;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outbox schema}: the event schemas of a contracts folder. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = "Check the event schemas and their compatibility rules.",
    subcommands = {SchemaCheckCommand.class})
public final class SchemaCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
