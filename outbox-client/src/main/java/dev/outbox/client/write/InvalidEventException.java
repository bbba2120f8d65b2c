package dev.outbox.client.write;

import dev.outbox.contracts.SchemaKey;
import dev.outbox.contracts.SchemaViolation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An event whose payload breaks the schema of its type and version: it was not appended, and the
 * transaction it was appended in rolls back when the exception leaves the callback. The message
 * names the type, the version and each violation by JSON path and rule.
 */
public final class InvalidEventException extends OutboxAppendException {

  private static final long serialVersionUID = 1L;

  private final transient SchemaKey schema;
  private final transient List<SchemaViolation> violations;

  InvalidEventException(
      SchemaKey schema,
      String aggregateId,
      long aggregateVersion,
      List<SchemaViolation> violations) {
    super(
        schema.eventType()
            + " v"
            + schema.version()
            + " of "
            + schema.aggregateType()
            + " "
            + aggregateId
            + " (version "
            + aggregateVersion
            + ") breaks its schema "
            + schema.path()
            + ": "
            + violations.stream().map(SchemaViolation::toString).collect(Collectors.joining("; ")));
    this.schema = schema;
    this.violations = List.copyOf(violations);
  }

  /** The type and version whose schema the payload breaks. */
  public SchemaKey schema() {
    return schema;
  }

  /** Each violation, by JSON path and rule. */
  public List<SchemaViolation> violations() {
    return violations;
  }
}
