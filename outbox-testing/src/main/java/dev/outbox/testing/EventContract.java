package dev.outbox.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One app's side of the event contracts in {@code contracts/events/<aggregate>/<EventType>.json}:
 * the events it writes, and its own copies of the events it reads, are written exactly as the
 * shared examples show and read back from them into the same records; every event type of its
 * catalogs has an example and every example a type. Each app has one subclass that names its
 * catalogs and builds the records the examples show; the test methods are final.
 *
 * <p>The folder comes from the system property {@code contracts.dir}, else {@code
 * ../contracts/events} from the module's folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EventContract {

  /**
   * One example's record.
   *
   * @param catalog the catalog the event belongs to (its aggregate type is the examples' folder)
   * @param event the record the example's payload shows
   * @param aggregateId the example's {@code aggregateId}
   * @param aggregateVersion the example's {@code aggregateVersion}
   */
  public record Example(
      EventCatalog<?> catalog, Object event, String aggregateId, long aggregateVersion) {

    public Example {
      Objects.requireNonNull(catalog, "catalog");
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(aggregateId, "aggregateId");
    }

    String eventType() {
      return catalog.typeOf(event.getClass());
    }

    @Override
    public String toString() {
      return catalog.aggregateType() + "/" + eventType();
    }
  }

  /** The catalogs of the events the app writes and of its copies of those it reads. */
  protected abstract List<EventCatalog<?>> catalogs();

  /** The record of every example of {@link #catalogs()}. */
  protected abstract Stream<Example> examples();

  /** How the app writes and reads payloads. */
  protected ObjectMapper mapper() {
    return EventJson.defaultMapper();
  }

  protected final Stream<Arguments> exampleArguments() {
    return examples().map(example -> Arguments.of(example.toString(), example));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleArguments")
  public final void every_event_is_written_exactly_as_its_shared_example(
      String name, Example example) {
    JsonNode shared = shared(example.catalog().aggregateType(), example.eventType());

    assertThat(shared.get("aggregateType").asText()).isEqualTo(example.catalog().aggregateType());
    assertThat(shared.get("eventType").asText()).isEqualTo(example.eventType());
    assertThat(shared.get("schemaVersion").asInt())
        .isEqualTo(example.catalog().schemaVersionOf(example.event().getClass()));
    assertThat(shared.get("aggregateId").asText()).isEqualTo(example.aggregateId());
    assertThat(shared.get("aggregateVersion").asLong()).isEqualTo(example.aggregateVersion());
    JsonNode written = written(example.event());
    // Compared as trees: jsonb reorders keys and reformats whitespace, never a number's text.
    assertThat(written.equals(shared.get("payload")))
        .as("%s written as %s, the example says %s", name, written, shared.get("payload"))
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleArguments")
  public final void every_shared_example_reads_back_into_the_same_record(
      String name, Example example) throws IOException {
    JsonNode shared = shared(example.catalog().aggregateType(), example.eventType());
    Class<?> type = example.catalog().classOf(example.eventType()).orElseThrow();

    Object read = mapper().treeToValue(shared.get("payload"), type);

    assertThat(read).isEqualTo(example.event());
  }

  @Test
  public final void every_event_type_has_a_shared_example_and_every_example_a_type() {
    for (EventCatalog<?> catalog : catalogs()) {
      assertThat(sharedTypes(catalog.aggregateType()))
          .as("examples in %s/", catalog.aggregateType())
          .isEqualTo(new TreeSet<>(catalog.eventTypes()));
    }
  }

  @Test
  public final void every_event_type_of_the_catalogs_is_among_the_examples_here() {
    for (EventCatalog<?> catalog : catalogs()) {
      Set<String> covered =
          examples()
              .filter(e -> e.catalog().aggregateType().equals(catalog.aggregateType()))
              .map(Example::eventType)
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(covered)
          .as("examples of %s", catalog)
          .isEqualTo(new TreeSet<>(catalog.eventTypes()));
    }
  }

  /** The payload as the outbox stores it (the written JSON text), read back as a tree. */
  private JsonNode written(Object event) {
    try {
      return mapper().readTree(mapper().writeValueAsString(event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code contracts/events}. */
  public static Path contracts() {
    String configured = System.getProperty("contracts.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "contracts", "events");
    assertThat(dir).as("the shared contract examples").isDirectory();
    return dir;
  }

  private JsonNode shared(String aggregate, String type) {
    Path file = contracts().resolve(aggregate).resolve(type + ".json");
    assertThat(file).as("the shared example of " + aggregate + "/" + type).isRegularFile();
    try {
      return mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Set<String> sharedTypes(String aggregate) {
    try (Stream<Path> files = Files.list(contracts().resolve(aggregate))) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .map(p -> shared(aggregate, p.getFileName().toString().replace(".json", "")))
          .map(node -> node.get("eventType").asText())
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
