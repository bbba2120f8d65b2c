package dev.outbox.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The repository's own {@code contracts/}: every schema valid, every example and event file valid
 * against its schema, and every type's versions keep the rule of {@code compatibility.json}. This
 * is how {@code ./mvnw verify} refuses an incompatible schema change; {@code bin/outbox schema
 * check} prints the same report.
 */
class ReferenceContractsTest {

  /** The folder, from the system property {@code contracts.dir} the build passes. */
  static Path contracts() {
    return Path.of(System.getProperty("contracts.dir", "../contracts"));
  }

  @Test
  void the_reference_contracts_are_valid_and_every_version_keeps_its_rule() {
    ContractReport report = ContractCheck.check(contracts());

    assertThat(report.passed())
        .withFailMessage(
            "The contracts in %s do not pass (bin/outbox schema check prints the same):%n%s",
            contracts(), report.text())
        .isTrue();
    assertThat(report.types())
        .extracting(ContractReport.TypeResult::typeName)
        .contains("customer/CustomerUpdated", "order/OrderPlaced");
  }
}
