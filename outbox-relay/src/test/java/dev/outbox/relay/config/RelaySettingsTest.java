package dev.outbox.relay.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.config.SettingsDoc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {

  @Test
  void the_readme_table_is_the_one_the_declarations_give() throws IOException {
    Path readme = Path.of("README.md");

    assertThat(SettingsDoc.check(readme, RelaySettings.GROUP))
        .as(
            "outbox-relay/README.md must hold, between <!-- settings:outbox-relay --> and"
                + " <!-- /settings:outbox-relay -->, exactly this table:%n%s",
            SettingsDoc.table(RelaySettings.GROUP))
        .isEmpty();
  }

  @Test
  void the_readme_names_every_producer_default_the_relay_sets() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

    assertThat(KafkaConfig.DEFAULTS)
        .allSatisfy((key, value) -> assertThat(readme).contains("`" + key + "=" + value + "`"));
  }

  @Test
  void every_relay_variable_is_declared_in_the_group() {
    assertThat(RelaySettings.GROUP.settings())
        .allSatisfy(s -> assertThat(s.name()).startsWith("RELAY_"))
        .extracting(s -> s.name())
        .contains("RELAY_DB_URL", "RELAY_KAFKA_BOOTSTRAP", "RELAY_TOPIC_CREATE", "RELAY_LOG_LEVEL")
        .doesNotHaveDuplicates();
    assertThat(RelaySettings.GROUP.families())
        .extracting(f -> f.name())
        .containsExactly("RELAY_KAFKA_<SETTING>");
  }
}
