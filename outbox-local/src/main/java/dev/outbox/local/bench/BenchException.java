package dev.outbox.local.bench;

/**
 * Thrown when the benchmark cannot run or a phase cannot finish (a process died, nothing moved for
 * too long); its message says what happened and which log to read. A figure below its target is a
 * result, never this.
 */
public final class BenchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
