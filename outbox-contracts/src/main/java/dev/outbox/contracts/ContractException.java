package dev.outbox.contracts;

/** A schema folder, file or rule that cannot be used, with what to fix. */
public final class ContractException extends RuntimeException {

  public ContractException(String message) {
    super(message);
  }

  public ContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
