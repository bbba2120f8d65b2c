package dev.outbox.relay.position;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LsnTest {

  @Test
  void lsn_text_round_trips() {
    long lsn = Lsn.parse("16/B374D848");
    assertThat(lsn).isEqualTo((0x16L << 32) | 0xB374D848L);
    assertThat(Lsn.format(lsn)).isEqualTo("16/B374D848");
    assertThat(Lsn.format(Lsn.parse("0/0"))).isEqualTo("0/0");
  }
}
