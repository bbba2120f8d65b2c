package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.support.ThingEvent;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingSchemas;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.contracts.SchemaKey;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a consumer reads each version of an event type: validated, upcast, or parked. */
class PayloadReaderTest {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
  private static final EventCatalog<ThingEvent> CATALOG =
      EventCatalog.of("thing", ThingEvent.class);
  private static final String SUBJECT = "payload of the test event: ";

  /** ThingRenamed v1 carried the name as "title". */
  private static final Upcaster TITLE_TO_NAME =
      payload -> {
        payload.set("name", payload.remove("title"));
        return payload;
      };

  @TempDir Path folder;

  private ThingSchemas schemas() {
    return ThingSchemas.of(folder, "thing");
  }

  private static PayloadReader reader(EventSchemas schemas, Map<SchemaKey, Upcaster> upcasters) {
    return new PayloadReader(JSON, schemas, upcasters);
  }

  private static Map<SchemaKey, Upcaster> renamedFromV1(Upcaster upcaster) {
    return Map.of(new SchemaKey("thing", "ThingRenamed", 1), upcaster);
  }

  private static JsonNode read(PayloadReader reader, Class<?> type, int version, String payload)
      throws JsonProcessingException {
    return reader.read(CATALOG, type, version, JSON.readTree(payload), SUBJECT);
  }

  @Test
  void a_valid_payload_of_the_records_version_passes_unchanged() throws Exception {
    JsonNode read =
        read(
            reader(schemas().build(), Map.of()),
            ThingCreated.class,
            1,
            "{\"id\":\"a\",\"name\":\"A\"}");

    assertThat(read).isEqualTo(JSON.readTree("{\"id\":\"a\",\"name\":\"A\"}"));
  }

  @Test
  void an_invalid_payload_is_refused_naming_each_path_and_rule() {
    PayloadReader reader = reader(schemas().build(), Map.of());

    assertThatThrownBy(
            () ->
                read(
                    reader,
                    ThingCreated.class,
                    1,
                    "{\"id\":\"a\",\"name\":\"a name longer than twenty\",\"colour\":\"red\"}"))
        .isInstanceOf(PermanentEventException.class)
        .hasMessageStartingWith(SUBJECT + "breaks its schema thing/ThingCreated.v1.schema.json: ")
        .hasMessageContaining("$.name: ")
        .hasMessageContaining("[maxLength]")
        .hasMessageContaining("colour")
        .hasMessageContaining("[additionalProperties]");
    assertThatThrownBy(() -> read(reader, ThingCreated.class, 1, "{\"id\":\"a\"}"))
        .hasMessageContaining("name")
        .hasMessageContaining("[required]");
  }

  @Test
  void an_older_version_is_upcast_and_then_checked_against_the_records_version() throws Exception {
    PayloadReader reader = reader(schemas().build(), renamedFromV1(TITLE_TO_NAME));

    JsonNode read = read(reader, ThingRenamed.class, 1, "{\"id\":\"a\",\"title\":\"Old\"}");

    assertThat(read).isEqualTo(JSON.readTree("{\"id\":\"a\",\"name\":\"Old\"}"));
    assertThat(JSON.treeToValue(read, ThingRenamed.class)).isEqualTo(new ThingRenamed("a", "Old"));
    // The older version is checked against its own schema first.
    assertThatThrownBy(() -> read(reader, ThingRenamed.class, 1, "{\"id\":\"a\",\"name\":\"x\"}"))
        .hasMessageStartingWith(SUBJECT + "breaks its schema thing/ThingRenamed.v1.schema.json: ");
  }

  @Test
  void an_upcaster_that_gives_a_payload_the_next_version_refuses_parks_the_event() {
    PayloadReader lazy = reader(schemas().build(), renamedFromV1(payload -> payload));
    PayloadReader failing =
        reader(
            schemas().build(),
            renamedFromV1(
                payload -> {
                  throw new IllegalStateException("no title");
                }));

    assertThatThrownBy(() -> read(lazy, ThingRenamed.class, 1, "{\"id\":\"a\",\"title\":\"T\"}"))
        .isInstanceOf(PermanentEventException.class)
        .hasMessageStartingWith(
            SUBJECT + "upcast from v1 to v2 breaks thing/ThingRenamed.v2.schema.json: ")
        .hasMessageContaining("[required]");
    assertThatThrownBy(() -> read(failing, ThingRenamed.class, 1, "{\"id\":\"a\",\"title\":\"T\"}"))
        .hasMessageContaining("the upcaster from v1 to v2 failed: ")
        .hasMessageContaining("no title");
  }

  @Test
  void an_older_compatible_version_without_an_upcaster_is_read_as_it_is() throws Exception {
    PayloadReader reader =
        reader(
            schemas().with("ThingRenamed", 1, ThingSchemas.schema("id", "name")).build(), Map.of());

    assertThat(read(reader, ThingRenamed.class, 1, "{\"id\":\"a\",\"name\":\"N\"}"))
        .isEqualTo(JSON.readTree("{\"id\":\"a\",\"name\":\"N\"}"));
  }

  @Test
  void a_newer_unknown_version_is_read_tolerantly_against_the_newest_schema_when_forward()
      throws Exception {
    PayloadReader reader = reader(schemas().build(), Map.of());

    JsonNode read =
        read(reader, ThingRenamed.class, 3, "{\"id\":\"a\",\"name\":\"N\",\"nickname\":\"n\"}");

    assertThat(JSON.treeToValue(read, ThingRenamed.class)).isEqualTo(new ThingRenamed("a", "N"));
    assertThatThrownBy(
            () ->
                read(
                    reader,
                    ThingRenamed.class,
                    3,
                    "{\"id\":\"a\",\"name\":\"a name longer than twenty\",\"nickname\":\"n\"}"))
        .hasMessageStartingWith(
            SUBJECT
                + "is newer than this consumer's schemas (read as v2) and breaks"
                + " thing/ThingRenamed.v2.schema.json: ")
        .hasMessageContaining("[maxLength]")
        .hasMessageNotContaining("nickname");
  }

  @Test
  void a_newer_unknown_version_is_parked_when_the_rule_does_not_let_old_readers_read_it() {
    PayloadReader reader = reader(schemas().rule("ThingRenamed", "BACKWARD").build(), Map.of());

    assertThatThrownBy(() -> read(reader, ThingRenamed.class, 3, "{\"id\":\"a\",\"name\":\"N\"}"))
        .isInstanceOf(PermanentEventException.class)
        .hasMessage(
            SUBJECT
                + "v3 is newer than this consumer knows (newest v2), and thing/ThingRenamed keeps"
                + " BACKWARD compatibility, under which a v2 reader cannot read it: deploy the"
                + " consumer with the v3 schema, then replay this event");
  }

  @Test
  void a_version_the_schemas_know_but_the_record_does_not_read_follows_the_rule() throws Exception {
    String v3 = ThingSchemas.schema("id", "name", "nickname");
    PayloadReader full = reader(schemas().with("ThingRenamed", 3, v3).build(), Map.of());
    PayloadReader backward =
        reader(
            ThingSchemas.of(folder.resolve("b"), "thing")
                .with("ThingRenamed", 3, v3)
                .rule("ThingRenamed", "BACKWARD")
                .build(),
            Map.of());
    String payload = "{\"id\":\"a\",\"name\":\"N\",\"nickname\":\"n\"}";

    assertThat(read(full, ThingRenamed.class, 3, payload)).isEqualTo(JSON.readTree(payload));
    assertThatThrownBy(() -> read(backward, ThingRenamed.class, 3, payload))
        .hasMessageContaining("v3 is newer than the v2 this consumer reads")
        .hasMessageContaining("BACKWARD");
  }

  @Test
  void a_missing_older_schema_parks_the_event_and_says_what_to_restore() {
    PayloadReader reader = reader(schemas().without("ThingRenamed", 1).build(), Map.of());

    assertThatThrownBy(() -> read(reader, ThingRenamed.class, 1, "{\"id\":\"a\",\"title\":\"T\"}"))
        .hasMessageContaining("there is no schema of thing/ThingRenamed v1")
        .hasMessageContaining("restore the missing version's schema");
  }

  @Test
  void without_schemas_payloads_are_upcast_unchecked() throws Exception {
    PayloadReader reader = reader(null, renamedFromV1(TITLE_TO_NAME));

    assertThat(read(reader, ThingRenamed.class, 1, "{\"id\":\"a\",\"title\":\"T\",\"x\":1}"))
        .isEqualTo(JSON.readTree("{\"id\":\"a\",\"x\":1,\"name\":\"T\"}"));
    assertThat(read(reader, ThingCreated.class, 1, "{\"name\":\"no id\"}"))
        .isEqualTo(JSON.readTree("{\"name\":\"no id\"}"));
  }
}
