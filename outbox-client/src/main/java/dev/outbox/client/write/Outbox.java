package dev.outbox.client.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.trace.TraceContext;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.contracts.SchemaKey;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Appends a service's events to its {@code outbox} table in the same transaction as the change they
 * describe. There is no method that appends on its own: events are appended through the {@link
 * OutboxTransaction} handed to {@link #transaction} or {@link #transactionResult}, which run in a
 * jOOQ transaction of the caller's {@link DSLContext} (a savepoint when that context is already
 * inside one) and commit or roll back with it.
 */
public final class Outbox {

  private final OutboxWriter writer;

  private Outbox(OutboxWriter writer) {
    this.writer = writer;
  }

  /** A builder with the defaults: system UTC clock, random UUIDs, thread-local trace context. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the work in a transaction of {@code dsl}: committed when it returns, rolled back when it
   * throws (the exception is rethrown).
   *
   * @throws OutboxAppendException when {@code dsl} did not start a real transaction
   */
  public void transaction(DSLContext dsl, OutboxWork work) {
    Objects.requireNonNull(work, "work");
    transactionResult(
        dsl,
        tx -> {
          work.run(tx);
          return null;
        });
  }

  /**
   * Runs the work in a transaction of {@code dsl} and returns its result: committed when it
   * returns, rolled back when it throws (the exception is rethrown).
   *
   * @throws OutboxAppendException when {@code dsl} did not start a real transaction
   */
  public <T> T transactionResult(DSLContext dsl, OutboxCallable<T> work) {
    Objects.requireNonNull(dsl, "dsl");
    Objects.requireNonNull(work, "work");
    return dsl.transactionResult(
        configuration -> {
          OutboxTransaction tx = new OutboxTransaction(writer, configuration.dsl());
          try {
            tx.requireTransaction();
            return work.run(tx);
          } finally {
            tx.close();
          }
        });
  }

  /** Configures an {@link Outbox}. */
  public static final class Builder {
    private final List<EventCatalog<?>> catalogs = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Supplier<UUID> idSupplier = UUID::randomUUID;
    private TraceContext traceContext = TraceContext.threadLocal();
    private ObjectMapper objectMapper;
    private EventSchemas schemas;
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();

    private Builder() {}

    /**
     * Where the append's span goes: each event appended under a current trace gets a PRODUCER span
     * {@code outbox append <type>}, whose context the row's {@code trace_parent} carries to the
     * relay. Default the no-op: the row carries the current trace as it is.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Validates every appended payload against the schema of its type and version: an invalid event
     * is refused with an {@link InvalidEventException}, in the caller's transaction. Without this,
     * payloads are appended as they serialize.
     */
    public Builder validateAgainst(EventSchemas schemas) {
      this.schemas = Objects.requireNonNull(schemas, "schemas");
      return this;
    }

    /** Registers an aggregate's events; appending an event of an unregistered class fails. */
    public Builder register(EventCatalog<?> catalog) {
      catalogs.add(Objects.requireNonNull(catalog, "catalog"));
      return this;
    }

    /** The clock of {@code occurred_at}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where event ids come from. */
    public Builder idSupplier(Supplier<UUID> idSupplier) {
      this.idSupplier = Objects.requireNonNull(idSupplier, "idSupplier");
      return this;
    }

    /** Where the current trace comes from ({@code trace_parent}). */
    public Builder traceContext(TraceContext traceContext) {
      this.traceContext = Objects.requireNonNull(traceContext, "traceContext");
      return this;
    }

    /** The mapper that writes payloads; default {@link EventJson#defaultMapper()}. */
    public Builder objectMapper(ObjectMapper objectMapper) {
      this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
      return this;
    }

    /**
     * @throws IllegalArgumentException when no catalog is registered, two register the same
     *     aggregate type or event class, or the schemas lack the version an event class declares
     */
    public Outbox build() {
      if (catalogs.isEmpty()) {
        throw new IllegalArgumentException("register at least one EventCatalog");
      }
      if (schemas != null) {
        requireSchemas();
      }
      ObjectMapper mapper = objectMapper != null ? objectMapper : EventJson.defaultMapper();
      return new Outbox(
          new OutboxWriter(
              EventRegistry.of(catalogs),
              clock,
              idSupplier,
              traceContext,
              mapper,
              schemas,
              openTelemetry));
    }

    private void requireSchemas() {
      for (EventCatalog<?> catalog : catalogs) {
        for (String type : catalog.eventTypes()) {
          Class<?> eventClass = catalog.classOf(type).orElseThrow();
          var key =
              new SchemaKey(catalog.aggregateType(), type, catalog.schemaVersionOf(eventClass));
          if (!schemas.knows(key)) {
            throw new IllegalArgumentException(
                eventClass.getName()
                    + " declares "
                    + key
                    + " but there is no schema for it ("
                    + key.path()
                    + "): add the schema to the contracts, or declare the version that has one");
          }
        }
      }
    }
  }
}
