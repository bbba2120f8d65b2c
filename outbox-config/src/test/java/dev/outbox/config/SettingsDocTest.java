package dev.outbox.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SettingsDocTest {

  private static final SettingGroup GROUP = SettingGroupTest.GROUP;

  @Test
  void the_table_has_a_row_per_setting_and_family_with_its_default_and_meaning() {
    String table = SettingsDoc.table(GROUP);

    assertThat(table)
        .startsWith("| Variable | Default | Meaning |\n|---|---|---|\n")
        .contains(
            "| `DEMO_DB_URL` | (required) | the database, jdbc:postgresql://host:port/database |")
        .contains("| `DEMO_SLOT` | `outbox_relay` | the replication slot |")
        .contains("| `DEMO_SOURCE` | (unset: /&lt;database&gt;) | the ce_source |")
        .contains("| `DEMO_KAFKA_<SETTING>` | (none) | a Kafka producer setting |");
  }

  @Test
  void a_current_table_has_no_differences_and_a_stale_one_says_which_rows() {
    String current =
        "# Demo\n\n<!-- settings:demo -->\n"
            + SettingsDoc.table(GROUP)
            + "<!-- /settings:demo -->\n";
    assertThat(SettingsDoc.differences(current, GROUP)).isEmpty();

    String stale = current.replace("| the replication slot |", "| the slot |");
    assertThat(SettingsDoc.differences(stale, GROUP))
        .containsExactly(
            "missing or different: | `DEMO_SLOT` | `outbox_relay` | the replication slot |",
            "not declared (or different): | `DEMO_SLOT` | `outbox_relay` | the slot |");

    assertThat(SettingsDoc.update(stale, GROUP)).isEqualTo(current);
    assertThat(SettingsDoc.differences("# no table", GROUP))
        .singleElement()
        .asString()
        .contains("<!-- settings:demo -->");
  }
}
