package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/outbox} command run as an operator runs it, as a process: what it printed (stdout
 * and stderr together, also echoed to the test's output) and its exit code.
 */
record BinOutbox(int exit, String output) {

  /** Runs {@code bin/outbox <args>} and waits for it to end (a safety net of minutes). */
  static BinOutbox run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(UpProcess.ROOT.resolve("bin/outbox").toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile("outbox-cli-", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("bin/outbox %s ends", args[0]).isTrue();
    String text = Files.readString(output);
    System.out.println("$ bin/outbox " + String.join(" ", args) + "\n" + text);
    return new BinOutbox(process.exitValue(), text);
  }
}
