package dev.outbox.client.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.CatalogSchemas;
import dev.outbox.client.event.EventJson;
import dev.outbox.contracts.ContractCheck;
import dev.outbox.contracts.ContractReport;
import dev.outbox.contracts.JsonSchemaSet;
import dev.outbox.contracts.SchemaKey;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The platform's own protocol events are contracts too: their schemas, packed in this library, pass
 * the same check as a service's, and the records the consumer reads them into write payloads they
 * accept.
 */
class ProtocolContractTest {

  private static final ObjectMapper JSON = EventJson.defaultMapper();

  @Test
  void the_protocol_schemas_pass_the_contract_check() {
    ContractReport report =
        ContractCheck.check(Path.of("src/main/resources/contracts/schemas"), Path.of("no-events"));

    assertThat(report.passed()).as(report.text()).isTrue();
    assertThat(report.types()).hasSize(2);
  }

  @Test
  void every_service_loads_them_and_the_records_payloads_are_valid() {
    JsonSchemaSet schemas = CatalogSchemas.fromClasspath();
    var requested =
        new BackfillRequested(
            UUID.randomUUID(),
            "customer_replica",
            "order-app.customer-replica",
            "customer",
            List.of("3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f70"),
            null,
            "orders");
    var completed = new BackfillCompleted(UUID.randomUUID(), UUID.randomUUID(), "customer", 12);

    assertThat(
            schemas.validate(
                new SchemaKey("outbox.backfill", "BackfillRequested", 1),
                JSON.valueToTree(requested)))
        .isEmpty();
    assertThat(
            schemas.validate(
                new SchemaKey("outbox.backfill", "BackfillCompleted", 1),
                JSON.valueToTree(completed)))
        .isEmpty();
  }
}
