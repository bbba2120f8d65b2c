package dev.outbox.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.outbox.contracts.ContractReport.Finding;
import dev.outbox.contracts.ContractReport.TypeResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A contracts folder checked whole: the fixture with an incompatible pair, and broken folders. */
class ContractCheckTest {

  @TempDir Path folder;

  static Path fixture(String name) {
    try {
      return Path.of(ContractCheckTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(String name, String json) throws IOException {
    Path file = folder.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, json.replace('\'', '"'), StandardCharsets.UTF_8);
  }

  /** A valid closed schema of {@code shop/<type>} at {@code version} with one property. */
  private void schema(String type, int version, String property) throws IOException {
    write(
        "schemas/shop/" + type + ".v" + version + ".schema.json",
        "{'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id':"
            + " 'urn:test:"
            + type
            + ":v"
            + version
            + "', 'type': 'object', 'additionalProperties': false, 'required': ['id'],"
            + " 'properties': {'id': {'type': 'string'}, '"
            + property
            + "': {'type': 'string'}}, 'examples': [{'id': 'a'}]}");
  }

  @Test
  void the_report_names_the_type_the_versions_and_what_broke() {
    Path contracts = fixture("contracts-incompatible");

    ContractReport report = ContractCheck.check(contracts);

    assertThat(report.passed()).isFalse();
    assertThat(report.problems()).isEqualTo(2);
    TypeResult shipped = report.type("shop/OrderShipped").orElseThrow();
    assertThat(shipped.versions()).containsExactly(1, 2);
    assertThat(shipped.rule()).isEqualTo(Compatibility.FULL);
    assertThat(shipped.findings())
        .containsExactly(
            new Finding("v2 cannot read v1", "$.status", "enum narrowed: 'LOST' no longer allowed"),
            new Finding(
                "v1 cannot read v2",
                "$.carrier",
                "required property 'carrier' removed: readers of the old schema require it"));
    String rules = contracts.resolve("schemas").resolve("compatibility.json").toString();
    assertThat(report.text())
        .isEqualTo(
            """
            shop/ItemRenamed   v1..v2  BACKWARD  ok
            shop/OrderShipped  v1..v2  FULL      2 problems
                v2 cannot read v1  $.status: enum narrowed: 'LOST' no longer allowed
                v1 cannot read v2  $.carrier: required property 'carrier' removed: readers of\
             the old schema require it
            2 problems in 1 event type: fix the schema or change the rule in %s
            """
                .formatted(rules));
  }

  @Test
  void a_type_keeps_the_rule_of_its_override() {
    ContractReport report = ContractCheck.check(fixture("contracts-incompatible"));

    TypeResult renamed = report.type("shop/ItemRenamed").orElseThrow();
    assertThat(renamed.rule()).isEqualTo(Compatibility.BACKWARD);
    assertThat(renamed.passed()).isTrue();
    // Its v2 widens an enum: FORWARD, the default, would have refused it.
    var documents =
        SchemaDocuments.fromDirectory(fixture("contracts-incompatible").resolve("schemas"));
    assertThat(
            SchemaCompatibility.check(
                Compatibility.FULL,
                documents.schemas().get(new SchemaKey("shop", "ItemRenamed", 1)),
                documents.schemas().get(new SchemaKey("shop", "ItemRenamed", 2))))
        .extracting(Incompatibility::message)
        .containsExactly(
            "maxLength loosened from 100 to 200",
            "enum widened: 'IMPORT' added, which readers of the old schema do not allow");
  }

  @Test
  void a_folder_that_keeps_every_rule_passes_with_its_totals() throws IOException {
    schema("ItemAdded", 1, "name");
    schema("ItemAdded", 2, "colour");
    write(
        "events/shop/ItemAdded.json",
        "{'aggregateType': 'shop', 'eventType': 'ItemAdded', 'schemaVersion': 2, 'payload':"
            + " {'id': 'x', 'colour': 'red'}}");

    ContractReport report = ContractCheck.check(folder);

    assertThat(report.passed()).as(report.text()).isTrue();
    assertThat(report.text())
        .isEqualTo(
            """
            shop/ItemAdded  v1..v2  FULL  ok
            1 event type, 2 schemas, 2 schema examples, 1 event file: all valid and compatible
            """);
  }

  @Test
  void a_gap_in_the_versions_is_a_problem() throws IOException {
    schema("ItemAdded", 1, "name");
    schema("ItemAdded", 2, "name");
    schema("ItemAdded", 4, "name");

    TypeResult type = ContractCheck.check(folder).type("shop/ItemAdded").orElseThrow();

    assertThat(type.versionRange()).isEqualTo("v1..v4");
    assertThat(type.findings())
        .containsExactly(
            new Finding(
                "v3",
                "",
                "missing: a type's versions run v1, v2, ... without a gap (found v1, v2, v4)"));
  }

  @Test
  void each_schema_declares_draft_2020_12_its_own_id_and_valid_examples() throws IOException {
    schema("ItemAdded", 1, "name");
    write(
        "schemas/shop/ItemAdded.v2.schema.json",
        "{'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'urn:test:ItemAdded:v1',"
            + " 'type': 'object', 'properties': {'id': {'type': 'string', 'maxLength': 3}},"
            + " 'examples': [{'id': 'abcd'}]}");

    ContractReport report = ContractCheck.check(folder);

    assertThat(report.type("shop/ItemAdded").orElseThrow().findings())
        .extracting(Finding::where, Finding::path)
        .contains(tuple("v2", ""), tuple("v2 example 1", "$.id"));
    assertThat(report.text())
        .contains("v2  $schema is 'http://json-schema.org/draft-07/schema#'")
        .contains("v2  $id 'urn:test:ItemAdded:v1' is also the $id of shop/ItemAdded v1")
        .contains("v2 example 1  $.id:")
        .contains("[maxLength]");
  }

  @Test
  void a_schema_that_is_no_json_schema_is_a_problem_and_its_examples_wait() throws IOException {
    schema("ItemAdded", 1, "name");
    write(
        "schemas/shop/ItemRemoved.v1.schema.json",
        "{'type': 'object', 'properties': {'id': {'type': 'strin'}}}");

    ContractReport report = ContractCheck.check(folder);

    assertThat(report.type("shop/ItemAdded").orElseThrow().passed()).isTrue();
    assertThat(report.text())
        .contains("shop/ItemRemoved  v1  FULL  4 problems")
        .contains("    v1  $schema missing")
        .contains("    v1  not valid JSON Schema 2020-12 at $.properties.id.type")
        .contains("    v1  no examples");
  }

  @Test
  void every_event_file_is_valid_against_the_schema_it_names() throws IOException {
    schema("ItemAdded", 1, "name");
    write(
        "events/shop/ItemAdded.json",
        "{'aggregateType': 'shop', 'eventType': 'ItemAdded', 'schemaVersion': 1, 'payload':"
            + " {'id': 7}}");
    write(
        "events/shop/ItemAddedLater.json",
        "{'aggregateType': 'shop', 'eventType': 'ItemAdded', 'schemaVersion': 2, 'payload': {}}");
    write(
        "events/shop/ItemSold.json",
        "{'aggregateType': 'shop', 'eventType': 'ItemSold', 'schemaVersion': 1, 'payload': {}}");
    write("events/shop/Broken.json", "{'aggregateType': 'shop'}");

    ContractReport report = ContractCheck.check(folder);

    assertThat(report.type("shop/ItemAdded").orElseThrow().findings())
        .extracting(Finding::where, Finding::path)
        .containsExactly(
            tuple("events/shop/ItemAdded.json", "$.id"),
            tuple("events/shop/ItemAddedLater.json", ""));
    assertThat(report.text())
        .contains(
            "events/shop/ItemAddedLater.json  no schema for shop/ItemAdded v2: add"
                + " schemas/shop/ItemAdded.v2.schema.json")
        .contains("events/shop/ItemSold.json  no schema for shop/ItemSold v1")
        .contains("events/shop/Broken.json  an event example holds aggregateType, eventType");
    assertThat(report.problems()).isEqualTo(4);
  }

  @Test
  void an_override_naming_no_type_is_a_problem() throws IOException {
    schema("ItemAdded", 1, "name");
    write(
        "schemas/compatibility.json",
        "{'default': 'FULL', 'types': {'shop/ItemAded': 'BACKWARD'}}");

    ContractReport report = ContractCheck.check(folder);

    assertThat(report.others())
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.where()).isEqualTo("compatibility.json");
              assertThat(finding.message())
                  .startsWith("'shop/ItemAded' names no event type of")
                  .contains("(the types are shop/ItemAdded)");
            });
    assertThat(report.text())
        .endsWith(
            "1 problem: fix the schema or change the rule in "
                + folder.resolve("schemas/compatibility.json")
                + "\n");
  }

  @Test
  void a_folder_without_schemas_cannot_be_checked() {
    assertThatThrownBy(() -> ContractCheck.check(folder))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining(folder.resolve("schemas") + " is not a folder of event schemas");
  }
}
