package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.deadletter.DeadLetter;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.support.TestKafka.TestRecord;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingSchemas;
import dev.outbox.client.support.ThingStackTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A consumer with schemas, against a real broker and database. */
class SchemaValidationIT extends ThingStackTest {

  @TempDir Path folder;

  /** ThingRenamed v1 carried the name as "title". */
  private static final Upcaster TITLE_TO_NAME =
      payload -> {
        payload.set("name", payload.remove("title"));
        return payload;
      };

  private static TestRecord raw(
      ThingFixture things, String id, long version, String type, int schema, String payload) {
    return TestRecord.of(things.aggregateType, id, version, type, payload)
        .withHeader("ce_schemaversion", Integer.toString(schema));
  }

  /** A started consumer with the test schemas and the v1 to v2 upcaster of ThingRenamed. */
  private EventConsumer startValidating(ThingFixture things) {
    EventConsumer consumer =
        things.consumerWith(
            builder ->
                builder
                    .validateAgainst(ThingSchemas.of(folder, things.aggregateType).build())
                    .upcast(ThingRenamed.class, 1, TITLE_TO_NAME));
    consumer.start();
    return consumer;
  }

  @Test
  void an_event_that_breaks_its_schema_is_parked_with_the_path_and_rule_of_each_violation() {
    ThingFixture things = fixture("schema-park");
    EventConsumer consumer = startValidating(things);
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send(raw(things, "a-1", 2, "ThingRenamed", 2, "{\"id\":\"a-1\",\"name\":42}"));
    things.send("b-1", 1, new ThingCreated("b-1", "other"));

    await().atMost(WAIT).until(() -> consumer.deadLetters().open().size() == 1);
    DeadLetter parked = consumer.deadLetters().open().get(0);
    assertThat(parked.aggregateId()).isEqualTo("a-1");
    assertThat(parked.aggregateVersion()).isEqualTo(2);
    assertThat(parked.error())
        .contains(
            "payload of ThingRenamed v2 ("
                + things.aggregateType
                + " a-1, version 2): breaks its schema "
                + things.aggregateType
                + "/ThingRenamed.v2.schema.json: $.name: ")
        .contains("[type]");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(things.effects()).containsExactly("a-1:1:one", "b-1:1:other"));
  }

  @Test
  void events_of_an_older_version_are_upcast_in_order_among_those_of_the_current_one() {
    ThingFixture things = fixture("schema-upcast");
    EventConsumer consumer = startValidating(things);
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send(raw(things, "a-1", 2, "ThingRenamed", 1, "{\"id\":\"a-1\",\"title\":\"two\"}"));
    things.send("a-1", 3, new ThingRenamed("a-1", "three"));
    things.send(raw(things, "a-1", 4, "ThingRenamed", 1, "{\"id\":\"a-1\",\"title\":\"four\"}"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(things.effects())
                    .containsExactly("a-1:1:one", "a-1:2:two", "a-1:3:three", "a-1:4:four"));
    assertThat(consumer.deadLetters().open()).isEmpty();
    // The handler sees the version the event was written as.
    assertThat(things.envelopes.stream().map(EventEnvelope::schemaVersion).toList())
        .isEqualTo(List.of(1, 1, 2, 1));
  }

  @Test
  void a_consumer_that_could_not_read_an_older_version_does_not_start() {
    ThingFixture things = fixture("schema-refused");
    var schemas =
        ThingSchemas.of(folder, things.aggregateType).rule("ThingRenamed", "FORWARD").build();

    assertThatThrownBy(() -> things.consumerWith(builder -> builder.validateAgainst(schemas)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            things.aggregateType
                + "/ThingRenamed keeps FORWARD compatibility, so a v2 reader cannot read v1 as it"
                + " is: register upcast(ThingRenamed.class, 1, ...)");
    assertThatThrownBy(
            () ->
                things.consumerWith(
                    builder ->
                        builder.validateAgainst(schemas).upcast(ThingRenamed.class, 2, p -> p)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "upcast(ThingRenamed, 2, ...): the record reads v2, so upcasters go from v1 to v1");
  }

  @Test
  void another_serialisation_plugs_in_as_a_payload_decoder_and_is_validated_the_same() {
    ThingFixture things = fixture("schema-decoder");
    // A stand-in for a registry format: the JSON text, base64-encoded.
    PayloadDecoder base64 =
        (type, version, value) -> {
          try {
            return EventJson.defaultMapper().readTree(Base64.getDecoder().decode(value));
          } catch (IOException | IllegalArgumentException e) {
            throw new PermanentEventException("not base64 JSON: " + e.getMessage());
          }
        };
    var consumer =
        things.consumerWith(
            builder ->
                builder
                    .payloadDecoder(base64)
                    .validateAgainst(ThingSchemas.of(folder, things.aggregateType).build())
                    .upcast(ThingRenamed.class, 1, TITLE_TO_NAME));
    consumer.start();
    things.send(
        raw(things, "a-1", 1, "ThingCreated", 1, encoded("{\"id\":\"a-1\",\"name\":\"one\"}")));
    things.send(raw(things, "b-1", 1, "ThingCreated", 1, encoded("{\"id\":\"b-1\"}")));

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(things.effects()).containsExactly("a-1:1:one"));
    await().atMost(WAIT).until(() -> consumer.deadLetters().open().size() == 1);
    assertThat(consumer.deadLetters().open().get(0).error())
        .contains("breaks its schema " + things.aggregateType + "/ThingCreated.v1.schema.json")
        .contains("[required]");
  }

  private static String encoded(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
