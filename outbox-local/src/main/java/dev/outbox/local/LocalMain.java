package dev.outbox.local;

import dev.outbox.cli.OutboxCli;
import dev.outbox.local.bench.BenchCommand;
import java.util.List;

/** {@code bin/outbox up} and {@code bench}: the operator commands, with the real local ones. */
public final class LocalMain {

  private LocalMain() {}

  public static void main(String[] args) {
    System.exit(
        OutboxCli.execute(
            args, System.getenv(), List.of(new UpCommand(), new BenchCommand()), System.err));
  }
}
