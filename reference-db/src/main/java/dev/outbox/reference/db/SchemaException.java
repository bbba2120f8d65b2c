package dev.outbox.reference.db;

/** Thrown when the cluster cannot be prepared or a migration fails; the message says which step. */
public class SchemaException extends RuntimeException {

  public SchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
