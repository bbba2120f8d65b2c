package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.config.SettingsDoc;
import dev.outbox.relay.config.RelaySettings;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void help_shows_every_setting_and_the_exit_codes() {
    assertThat(Main.help())
        .contains(SettingsDoc.table(RelaySettings.GROUP))
        .contains("0 stopped on SIGTERM/SIGINT", "1 a failure a restart may fix")
        .contains("2 a configuration error", "3 stopped on a condition no restart can fix");
  }
}
