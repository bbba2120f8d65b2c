package dev.outbox.relay.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.data.SchemaUtil;
import io.debezium.pipeline.source.spi.EventMetadataProvider;
import io.debezium.pipeline.spi.OffsetContext;
import io.debezium.spi.schema.DataCollectionId;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * The relay's own {@code io.debezium.pipeline.source.spi.EventFormatter}, which renders the "last
 * event" summary of Debezium's streaming metrics without a Jackson {@code ObjectMapper} per event:
 * it is the one loaded, and it renders what Debezium's own rendering gives.
 */
class EventSummaryTest {

  private static final Schema KEY =
      SchemaBuilder.struct().name("outbox.Key").field("id", Schema.STRING_SCHEMA).build();

  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("outbox.Value")
          .field("id", Schema.STRING_SCHEMA)
          .field("aggregate_version", Schema.INT64_SCHEMA)
          .field("payload", Schema.STRING_SCHEMA)
          .field("trace_parent", Schema.OPTIONAL_STRING_SCHEMA)
          .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
          .build();

  /** A provider that gives a position, as Debezium's Postgres one does (lsn and xmin). */
  private static final EventMetadataProvider PROVIDER =
      new EventMetadataProvider() {
        @Override
        public Instant getEventTimestamp(
            DataCollectionId source, OffsetContext offset, Object key, Struct value) {
          return null;
        }

        @Override
        public Map<String, String> getEventSourcePosition(
            DataCollectionId source, OffsetContext offset, Object key, Struct value) {
          Map<String, String> position = new LinkedHashMap<>();
          position.put("lsn", "24023128");
          position.put("xmin", "771");
          return position;
        }

        @Override
        public String getTransactionId(
            DataCollectionId source, OffsetContext offset, Object key, Struct value) {
          return "771";
        }
      };

  @Test
  void the_relay_s_formatter_replaces_debezium_s_in_the_relay() throws Exception {
    Class<?> formatter = Class.forName("io.debezium.pipeline.source.spi.EventFormatter");

    assertThat(Paths.get(formatter.getProtectionDomain().getCodeSource().getLocation().toURI()))
        .as("EventFormatter must come from the relay's classes, not Debezium's jar")
        .isEqualTo(
            Paths.get(
                OutboxPublisher.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
  }

  @Test
  void the_summary_of_an_event_is_what_debezium_renders() {
    Struct key = new Struct(KEY).put("id", "7b0c6f8e-2d1a-4c3b-9e8f-0a1b2c3d4e5f");

    // What Debezium's streaming metrics call for every event, with its key.
    String summary = PROVIDER.toSummaryString(null, null, key, null);

    assertThat(summary)
        .isEqualTo(
            "position: {lsn: 24023128, xmin: 771}, key: " + SchemaUtil.asDetailedString(key));
  }

  @Test
  void strings_numbers_nulls_and_bytes_render_as_debezium_renders_them() {
    Struct row =
        new Struct(ROW)
            .put("id", "a \"quoted\" \\ back\nslash\ttab\u0001")
            .put("aggregate_version", 42L)
            .put("payload", "{\"name\": \"Ada\", \"é\": 1}")
            .put("raw", new byte[] {1, 2, 3});

    assertThat(PROVIDER.toSummaryString(null, null, row, null))
        .isEqualTo(
            "position: {lsn: 24023128, xmin: 771}, key: " + SchemaUtil.asDetailedString(row));
  }

  @Test
  void a_key_that_is_not_a_struct_is_printed_as_it_is() {
    assertThat(PROVIDER.toSummaryString(null, null, "c-42", null))
        .isEqualTo("position: {lsn: 24023128, xmin: 771}, key: c-42");
  }

  @Test
  void the_replacement_is_for_the_debezium_version_it_was_checked_against() {
    // EventFormatter replaces a package-private class of Debezium's: with another Debezium version,
    // compare it with that version's EventFormatter (or drop it once dbz#2492's fix is released),
    // then update this version.
    assertThat(io.debezium.connector.postgresql.Module.version()).isEqualTo("3.6.1.Final");
  }
}
