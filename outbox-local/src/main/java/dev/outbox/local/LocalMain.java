package dev.outbox.local;

import dev.outbox.cli.OutboxCli;

/** {@code bin/outbox up}: the operator commands, with the real {@code up} in place. */
public final class LocalMain {

  private LocalMain() {}

  public static void main(String[] args) {
    System.exit(OutboxCli.execute(args, System.getenv(), new UpCommand(), System.err));
  }
}
