package dev.outbox.cli.console;

import java.time.Instant;

/** Where the {@link Sampler} reads one round from: every source, each once. */
@FunctionalInterface
public interface Sources {

  /** Reads every source; a source that fails is a problem of the sample, never an exception. */
  Sample read(Instant at);
}
