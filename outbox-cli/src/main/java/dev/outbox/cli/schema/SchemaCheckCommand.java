package dev.outbox.cli.schema;

import dev.outbox.cli.config.CliSettings;
import dev.outbox.cli.config.SettingDefaults;
import dev.outbox.contracts.ContractCheck;
import dev.outbox.contracts.ContractException;
import dev.outbox.contracts.ContractReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outbox schema check}: checks a contracts folder as the build does ({@link ContractCheck}):
 * every schema valid JSON Schema 2020-12 with valid examples, the event examples valid against
 * their schemas, the versions of each type without a gap, and each version keeping its type's rule
 * of {@code compatibility.json} with the version before.
 *
 * <p>Exit status: 0 everything passes; 1 a problem (the report says which type, versions and what
 * broke); 2 the folder cannot be read.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check the event schemas of a contracts folder (schemas/ and events/): each is valid JSON"
          + " Schema 2020-12 with valid examples, each event example is valid against its schema,"
          + " and each version keeps its type's rule of schemas/compatibility.json (BACKWARD,"
          + " FORWARD, FULL or NONE) with the version before.",
      "Exit 0 when all pass, 1 when something is invalid or incompatible, 2 when the folder"
          + " cannot be read."
    })
public final class SchemaCheckCommand implements Callable<Integer> {

  static final int FAILED = 1;
  static final int UNREADABLE = 2;

  @Option(
      names = "--contracts",
      paramLabel = "FOLDER",
      description =
          "The contracts folder, which holds schemas/ and events/ (default: <home>/contracts,"
              + " <home> being OUTBOX_HOME, which bin/outbox sets to the repository root, else"
              + " the current folder).")
  Path contracts;

  @Spec CommandSpec spec;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  @Override
  public Integer call() {
    Path folder = contracts != null ? contracts : defaultFolder();
    if (!Files.isDirectory(folder.resolve(ContractCheck.SCHEMAS))) {
      err.println(
          "schema check: "
              + folder
              + " holds no "
              + ContractCheck.SCHEMAS
              + "/ folder; pass --contracts <folder>, the folder that holds "
              + ContractCheck.SCHEMAS
              + "/ and "
              + ContractCheck.EVENTS
              + "/ (the repository's contracts/)");
      return UNREADABLE;
    }
    ContractReport report;
    try {
      report = ContractCheck.check(folder);
    } catch (ContractException e) {
      err.println("schema check: " + e.getMessage());
      return UNREADABLE;
    }
    out.print(report.text());
    return report.passed() ? 0 : FAILED;
  }

  private Path defaultFolder() {
    String home = SettingDefaults.of(spec).get(CliSettings.HOME);
    return Path.of(home).resolve("contracts");
  }
}
