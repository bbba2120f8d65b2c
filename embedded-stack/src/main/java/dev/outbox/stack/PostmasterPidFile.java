package dev.outbox.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The first line of a data folder's {@code postmaster.pid}: the postmaster's process id. */
public final class PostmasterPidFile {

  private PostmasterPidFile() {}

  /** The pid the file names; empty when there is no file or it cannot be read. */
  public static Optional<Long> read(Path dataDirectory) {
    Path file = dataDirectory.resolve("postmaster.pid");
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(file);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
