package dev.outbox.local;

import dev.outbox.cli.status.RunProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pid files of a local run under {@code .outbox/run}: they let the next {@code up} refuse to
 * start beside a live run, and clean up what a crashed run (kill -9 of the CLI) left behind. And
 * the run's {@code processes.json} ({@link RunProcesses}), which {@code status} reads to ask every
 * instance and relay.
 */
final class RunState {

  private final Path runDirectory;
  private final Path postmasterPidFile;

  RunState(Path runDirectory, Path postgresDataDirectory) {
    this.runDirectory = runDirectory;
    this.postmasterPidFile = postgresDataDirectory.resolve("postmaster.pid");
  }

  private Path cliPidFile() {
    return runDirectory.resolve("up.pid");
  }

  private Path childrenFile() {
    return runDirectory.resolve("children.pids");
  }

  /** The apps and relays of the run, for {@code status}. */
  Path processesFile() {
    return runDirectory.resolve(RunProcesses.FILE_NAME);
  }

  /**
   * Refuses to start beside a live run; kills what a dead run left.
   *
   * @return one line per process that was cleaned up
   * @throws IllegalStateException when another {@code up} is alive
   */
  List<String> claim() {
    List<String> cleaned = new ArrayList<>();
    Optional<ProcessHandle> previous = readPid(cliPidFile()).flatMap(ProcessHandle::of);
    if (previous.isPresent()
        && previous.get().isAlive()
        && previous.get().pid() != ProcessHandle.current().pid()) {
      throw new IllegalStateException(
          "another 'bin/outbox up' is running (pid "
              + previous.get().pid()
              + "); stop it first with Ctrl-C in its terminal or: kill "
              + previous.get().pid());
    }
    for (Map.Entry<String, Long> child : readChildren().entrySet()) {
      ProcessHandle.of(child.getValue())
          .filter(ProcessHandle::isAlive)
          .filter(RunState::isJava)
          .ifPresent(
              p -> {
                kill(p);
                cleaned.add(child.getKey() + " (pid " + p.pid() + ")");
              });
    }
    readPid(postmasterPidFile)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
        .ifPresent(
            p -> {
              kill(p);
              cleaned.add("PostgreSQL (pid " + p.pid() + ")");
            });
    write(cliPidFile(), Long.toString(ProcessHandle.current().pid()));
    write(childrenFile(), "");
    delete(processesFile());
    return cleaned;
  }

  /** Records the children's pids, rewritten after every (re)start. */
  synchronized void recordChildren(Map<String, Long> pids) {
    StringBuilder text = new StringBuilder();
    pids.forEach((name, pid) -> text.append(name).append(' ').append(pid).append('\n'));
    write(childrenFile(), text.toString());
  }

  /** Records the apps and relays with their pids, rewritten after every (re)start. */
  synchronized void recordProcesses(RunProcesses processes) {
    try {
      Files.createDirectories(runDirectory);
      processes.write(processesFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not write " + processesFile() + ": " + e.getMessage(), e);
    }
  }

  /** A clean stop: nothing is left to clean up. */
  synchronized void release() {
    delete(processesFile());
    delete(childrenFile());
    delete(cliPidFile());
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, Long> readChildren() {
    Map<String, Long> children = new LinkedHashMap<>();
    if (!Files.exists(childrenFile())) {
      return children;
    }
    try {
      for (String line : Files.readAllLines(childrenFile())) {
        String[] parts = line.trim().split(" ");
        if (parts.length == 2) {
          children.put(parts[0], Long.parseLong(parts[1]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // A damaged file is only a hint; the ports check of the next start catches live leftovers.
    }
    return children;
  }

  private static boolean isJava(ProcessHandle p) {
    return p.info().command().map(c -> c.endsWith("java")).orElse(false);
  }

  private static void kill(ProcessHandle p) {
    p.destroy();
    try {
      p.onExit().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
    }
  }

  private static Optional<Long> readPid(Path file) {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(file);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void write(Path file, String text) {
    try {
      Files.createDirectories(runDirectory);
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
    }
  }
}
