package dev.outbox.client.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.support.TestDatabase;
import dev.outbox.client.support.TestKafka;
import dev.outbox.client.support.ThingEvent;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingSchemas;
import dev.outbox.client.trace.TraceContext;
import dev.outbox.client.trace.TraceParent;
import dev.outbox.contracts.SchemaKey;
import dev.outbox.contracts.SchemaViolation;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

@ExtendWith(OutboxStackExtension.class)
class OutboxIT {

  private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private static OutboxStack stack;
  private static TestDatabase db;

  @BeforeAll
  static void open(OutboxStack shared) {
    stack = shared;
    db = TestDatabase.open(stack);
  }

  @AfterAll
  static void closeAll() {
    db.close();
  }

  private static EventCatalog<ThingEvent> catalog() {
    return EventCatalog.of(
        "thing-" + UUID.randomUUID().toString().substring(0, 8), ThingEvent.class);
  }

  private static int outboxRows(String aggregateType) {
    return db.dsl()
        .fetchCount(
            org.jooq.impl.DSL.table("outbox"),
            org.jooq.impl.DSL.field("aggregate_type").eq(aggregateType));
  }

  @Test
  void appended_row_has_the_exact_columns() {
    EventCatalog<ThingEvent> catalog = catalog();
    UUID id = UUID.fromString("6f1c2b3a-0000-4000-8000-000000000001");
    Instant now = Instant.parse("2026-11-26T13:00:00.123456Z");
    Outbox outbox =
        Outbox.builder()
            .register(catalog)
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .idSupplier(() -> id)
            .traceContext(() -> Optional.of(new TraceParent(TRACE)))
            .build();

    AppendedEvent appended =
        outbox.transactionResult(
            db.dsl(), tx -> tx.append("x-1", 7, new ThingRenamed("x-1", "renamed")));

    Record row =
        db.dsl()
            .fetchOne(
                "SELECT id, aggregate_type, aggregate_id, aggregate_version, event_type,"
                    + " schema_version, payload = '{\"id\":\"x-1\",\"name\":\"renamed\"}'::jsonb AS"
                    + " payload_matches, jsonb_typeof(payload) AS payload_type, occurred_at,"
                    + " trace_parent FROM outbox WHERE aggregate_type = ?",
                catalog.aggregateType());
    assertThat(row.get("id", UUID.class)).isEqualTo(id);
    assertThat(row.get("aggregate_type", String.class)).isEqualTo(catalog.aggregateType());
    assertThat(row.get("aggregate_id", String.class)).isEqualTo("x-1");
    assertThat(row.get("aggregate_version", Long.class)).isEqualTo(7L);
    assertThat(row.get("event_type", String.class)).isEqualTo("ThingRenamed");
    assertThat(row.get("schema_version", Integer.class)).isEqualTo(2);
    assertThat(row.get("payload_matches", Boolean.class)).isTrue();
    assertThat(row.get("payload_type", String.class)).isEqualTo("object");
    assertThat(row.get("occurred_at", OffsetDateTime.class).toInstant()).isEqualTo(now);
    assertThat(row.get("trace_parent", String.class)).isEqualTo(TRACE);
    assertThat(appended)
        .isEqualTo(
            new AppendedEvent(
                id, catalog.aggregateType(), "x-1", 7, "ThingRenamed", 2, now, TRACE));
  }

  @Test
  void an_event_that_breaks_its_schema_is_refused_and_nothing_of_its_transaction_commits(
      @TempDir Path folder) {
    EventCatalog<ThingEvent> catalog = catalog();
    Outbox outbox =
        Outbox.builder()
            .register(catalog)
            .validateAgainst(ThingSchemas.of(folder, catalog.aggregateType()).build())
            .build();
    // Ids are strings of at most 20 characters in the test schemas.
    String id = "x-" + UUID.randomUUID().toString().substring(0, 8);
    String writer = "writer-" + id;

    assertThatThrownBy(
            () ->
                outbox.transaction(
                    db.dsl(),
                    tx -> {
                      TestDatabase.recordEffect(
                          tx.dsl(), writer, id, 1, UUID.randomUUID(), "domain", "row");
                      tx.append(id, 1, new ThingCreated(id, "first"));
                      tx.append(id, 2, new ThingRenamed(id, "a name far longer than twenty"));
                    }))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.schema())
                  .isEqualTo(new SchemaKey(catalog.aggregateType(), "ThingRenamed", 2));
              assertThat(e.violations())
                  .extracting(SchemaViolation::path, SchemaViolation::rule)
                  .containsExactly(tuple("$.name", "maxLength"));
            })
        .hasMessageStartingWith(
            "ThingRenamed v2 of "
                + catalog.aggregateType()
                + " "
                + id
                + " (version 2) breaks its schema "
                + catalog.aggregateType()
                + "/ThingRenamed.v2.schema.json: $.name: must be at most 20 characters long"
                + " [maxLength]");

    assertThat(outboxRows(catalog.aggregateType())).isZero();
    assertThat(db.effects(writer)).isEmpty();
  }

  @Test
  void a_valid_event_is_stored_as_it_was_validated(@TempDir Path folder) {
    EventCatalog<ThingEvent> catalog = catalog();
    Outbox checked =
        Outbox.builder()
            .register(catalog)
            .validateAgainst(ThingSchemas.of(folder, catalog.aggregateType()).build())
            .build();

    checked.transaction(db.dsl(), tx -> tx.append("x-1", 1, new ThingCreated("x-1", "Größe 1½")));

    assertThat(
            db.dsl()
                .fetchValue(
                    "SELECT payload = '{\"id\":\"x-1\",\"name\":\"Größe 1½\"}'::jsonb FROM outbox"
                        + " WHERE aggregate_type = ?",
                    catalog.aggregateType()))
        .isEqualTo(true);
  }

  @Test
  void an_event_class_whose_version_has_no_schema_is_refused_when_the_outbox_is_built(
      @TempDir Path folder) {
    EventCatalog<ThingEvent> catalog = catalog();
    var schemas =
        ThingSchemas.of(folder, catalog.aggregateType()).without("ThingRenamed", 2).build();

    assertThatThrownBy(() -> Outbox.builder().register(catalog).validateAgainst(schemas).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            ThingRenamed.class.getName()
                + " declares "
                + catalog.aggregateType()
                + "/ThingRenamed v2 but there is no schema for it ("
                + catalog.aggregateType()
                + "/ThingRenamed.v2.schema.json): add the schema to the contracts, or declare the"
                + " version that has one");
  }

  @Test
  void without_a_current_trace_the_row_has_no_trace_parent() {
    EventCatalog<ThingEvent> catalog = catalog();
    Outbox outbox = Outbox.builder().register(catalog).traceContext(TraceContext.none()).build();

    outbox.transaction(db.dsl(), tx -> tx.append("x-1", 1, new ThingCreated("x-1", "one")));

    assertThat(
            db.dsl()
                .fetchValue(
                    "SELECT count(*) FROM outbox WHERE aggregate_type = ? AND trace_parent IS NULL",
                    catalog.aggregateType()))
        .isEqualTo(1L);
  }

  @Test
  void appending_with_a_handle_whose_transaction_has_ended_is_rejected() {
    EventCatalog<ThingEvent> catalog = catalog();
    Outbox outbox = Outbox.builder().register(catalog).build();
    var escaped = new AtomicReference<OutboxTransaction>();

    outbox.transaction(db.dsl(), escaped::set);

    assertThatThrownBy(() -> escaped.get().append("x-1", 1, new ThingCreated("x-1", "late")))
        .isInstanceOf(OutboxAppendException.class)
        .hasMessageContaining("callback has returned");
    assertThat(outboxRows(catalog.aggregateType())).isZero();
  }

  @Test
  void appending_through_a_dsl_that_starts_no_real_transaction_is_rejected() {
    EventCatalog<ThingEvent> catalog = catalog();
    Outbox outbox = Outbox.builder().register(catalog).build();
    // A provider that pretends: each statement would auto-commit on its own.
    TransactionProvider pretending =
        new TransactionProvider() {
          @Override
          public void begin(TransactionContext ctx) {}

          @Override
          public void commit(TransactionContext ctx) {}

          @Override
          public void rollback(TransactionContext ctx) {}
        };
    DSLContext autoCommitting = db.dsl().configuration().derive(pretending).dsl();

    assertThatThrownBy(
            () ->
                outbox.transaction(
                    autoCommitting, tx -> tx.append("x-1", 1, new ThingCreated("x-1", "one"))))
        .isInstanceOf(OutboxAppendException.class)
        .hasMessageContaining("Not inside a database transaction");
    assertThat(outboxRows(catalog.aggregateType())).isZero();
  }

  @Test
  void a_second_live_event_of_the_same_aggregate_version_is_refused_naming_the_constraint() {
    EventCatalog<ThingEvent> catalog = catalog();
    Outbox outbox = Outbox.builder().register(catalog).build();
    outbox.transaction(db.dsl(), tx -> tx.append("x-1", 1, new ThingCreated("x-1", "one")));

    assertThatThrownBy(
            () ->
                outbox.transaction(
                    db.dsl(), tx -> tx.append("x-1", 1, new ThingRenamed("x-1", "again"))))
        .isInstanceOf(org.jooq.exception.DataAccessException.class)
        .satisfies(
            e -> {
              var sql = ((org.jooq.exception.DataAccessException) e).getCause(PSQLException.class);
              assertThat(sql.getSQLState()).isEqualTo("23505");
              // Since platform V5 a partial unique index (live rows only) under the old name.
              assertThat(sql.getServerErrorMessage().getConstraint())
                  .isEqualTo("outbox_aggregate_version_unique");
            });
    assertThat(outboxRows(catalog.aggregateType())).isOne();
  }

  @Test
  void rolled_back_transaction_leaves_no_outbox_row() {
    EventCatalog<ThingEvent> catalog = catalog();
    Outbox outbox = Outbox.builder().register(catalog).build();

    assertThatThrownBy(
            () ->
                outbox.transaction(
                    db.dsl(),
                    tx -> {
                      tx.append("x-1", 1, new ThingCreated("x-1", "one"));
                      throw new IllegalStateException("the domain change failed");
                    }))
        .hasMessage("the domain change failed");
    assertThat(outboxRows(catalog.aggregateType())).isZero();
  }

  @Test
  void appending_an_event_of_an_unregistered_aggregate_is_rejected_and_rolls_back() {
    Outbox outbox = Outbox.builder().register(catalog()).build();
    EventCatalog<ThingEvent> other = catalog();
    Outbox otherOutbox = Outbox.builder().register(other).build();

    assertThatThrownBy(
            () ->
                outbox.transaction(
                    db.dsl(),
                    tx -> {
                      otherOutbox.transaction(
                          tx.dsl(), inner -> inner.append("x-1", 1, new ThingCreated("x-1", "ok")));
                      tx.append("x-1", 2, "not an event");
                    }))
        .isInstanceOf(OutboxAppendException.class)
        .hasMessageContaining("java.lang.String is not an event");
    assertThat(outboxRows(other.aggregateType())).isZero();
  }

  @Test
  void event_appended_by_a_handler_commits_with_its_inbox_row_and_carries_the_incoming_trace() {
    try (TestKafka kafka = new TestKafka(stack.kafkaBootstrapServers());
        ThingFixture things =
            new ThingFixture(db, kafka, stack.kafkaBootstrapServers(), "handler-appends", 1)) {
      EventCatalog<ThingEvent> emitted = catalog();
      Outbox outbox = Outbox.builder().register(emitted).build();
      EventConsumer consumer =
          EventConsumer.builder(things.config())
              .dsl(db.dsl())
              .on(
                  things.catalog,
                  (tx, envelope) ->
                      outbox.transaction(
                          tx,
                          out ->
                              out.append(
                                  envelope.aggregateId(),
                                  envelope.aggregateVersion(),
                                  new ThingCreated(envelope.aggregateId(), "reply"))))
              .build();
      things.send(
          things.record("a-1", 1, new ThingCreated("a-1", "one")).withHeader("traceparent", TRACE));
      consumer.start();
      try {
        await().atMost(Duration.ofMinutes(2)).until(() -> outboxRows(emitted.aggregateType()) == 1);
        assertThat(
                db.dsl()
                    .fetchValue(
                        "SELECT trace_parent FROM outbox WHERE aggregate_type = ?",
                        emitted.aggregateType()))
            .isEqualTo(TRACE);
        assertThat(db.inboxRows(things.consumerName)).isEqualTo(1);
      } finally {
        consumer.close();
      }
    }
  }
}
