package dev.outbox.local;

import java.io.IOException;

/** How a child is asked to stop before it is killed. */
public enum StopSignal {
  /** SIGTERM: a JVM runs its shutdown hooks; the Kafka broker shuts down cleanly. */
  TERM,
  /** SIGINT: PostgreSQL's fast shutdown (its SIGTERM would wait for every client to leave). */
  INT;

  void send(Process process) {
    if (this == TERM) {
      process.destroy();
      return;
    }
    try {
      new ProcessBuilder("kill", "-" + name(), Long.toString(process.pid()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (IOException e) {
      process.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }
}
