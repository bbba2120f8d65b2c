package dev.outbox.client.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.client.support.ThingEvent;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCatalogTest {

  sealed interface Unannotated permits Plain {}

  record Plain(String id) implements Unannotated {}

  sealed interface Twice permits First, Second {}

  @EventType("Same")
  record First(String id) implements Twice {}

  @EventType("Same")
  record Second(String id) implements Twice {}

  interface Open {}

  @Test
  void maps_event_classes_to_their_declared_type_and_back() {
    EventCatalog<ThingEvent> catalog = EventCatalog.of("thing", ThingEvent.class);

    assertThat(catalog.typeOf(ThingCreated.class)).isEqualTo("ThingCreated");
    assertThat(catalog.schemaVersionOf(ThingCreated.class)).isEqualTo(1);
    assertThat(catalog.schemaVersionOf(ThingRenamed.class)).isEqualTo(2);
    assertThat(catalog.classOf("ThingRenamed")).contains(ThingRenamed.class);
    assertThat(catalog.classOf("ThingExploded")).isEmpty();
    assertThat(catalog.eventTypes()).containsExactly("ThingCreated", "ThingRenamed");
    assertThat(catalog.topic()).isEqualTo("thing.events");
    assertThat(catalog.withTopic("other").topic()).isEqualTo("other");
  }

  @Test
  void rejects_an_interface_that_is_not_sealed() {
    assertThatThrownBy(() -> EventCatalog.of("open", Open.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a sealed interface");
  }

  @Test
  void rejects_a_record_without_event_type() {
    assertThatThrownBy(() -> EventCatalog.of("plain", Unannotated.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Plain has no @EventType");
  }

  @Test
  void rejects_a_type_declared_twice() {
    assertThatThrownBy(() -> EventCatalog.of("twice", Twice.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Same' is declared by both");
  }

  @Test
  void rejects_an_aggregate_type_the_outbox_table_would_refuse() {
    assertThatThrownBy(() -> EventCatalog.of("Thing", ThingEvent.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aggregateType must match");
  }

  @Test
  void rejects_a_class_of_another_catalog() {
    EventCatalog<ThingEvent> catalog = EventCatalog.of("thing", ThingEvent.class);
    assertThatThrownBy(() -> catalog.typeOf(First.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an event of");
  }

  record Money(BigDecimal amount, Instant at) {}

  @Test
  void default_json_writes_records_as_objects_with_iso_times_and_plain_numbers() throws Exception {
    var mapper = EventJson.defaultMapper();
    String json =
        mapper.writeValueAsString(
            new Money(new BigDecimal("12.50"), Instant.parse("2026-01-02T03:04:05Z")));

    assertThat(json).isEqualTo("{\"amount\":12.50,\"at\":\"2026-01-02T03:04:05Z\"}");
    assertThat(
            mapper.readValue(
                "{\"amount\":1.10,\"at\":\"2026-01-02T03:04:05Z\",\"new\":1}", Money.class))
        .isEqualTo(new Money(new BigDecimal("1.10"), Instant.parse("2026-01-02T03:04:05Z")));
  }
}
