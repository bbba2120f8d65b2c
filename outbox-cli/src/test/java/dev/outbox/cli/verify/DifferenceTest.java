package dev.outbox.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.cli.verify.Difference.Kind;
import org.junit.jupiter.api.Test;

class DifferenceTest {

  private static DigestRow row(long version, String digest) {
    return new DigestRow("c-1", version, digest);
  }

  @Test
  void the_same_version_and_digest_agree() {
    assertThat(Difference.between(row(3, "d"), row(3, "d"))).isNull();
    assertThat(Difference.between(null, null)).isNull();
  }

  @Test
  void a_row_on_one_side_only_is_missing_or_extra() {
    assertThat(Difference.between(row(3, "d"), null))
        .isEqualTo(new Difference("c-1", Kind.MISSING, 3L, null));
    assertThat(Difference.between(null, row(2, "d")))
        .isEqualTo(new Difference("c-1", Kind.EXTRA, null, 2L));
  }

  @Test
  void an_older_replica_version_is_stale_by_the_versions_it_lacks() {
    Difference stale = Difference.between(row(5, "new"), row(2, "old"));
    assertThat(stale.kind()).isEqualTo(Kind.STALE);
    assertThat(stale.behind()).isEqualTo(3);
    assertThat(stale.explanation()).isEqualTo("replica v2, source v5: 3 versions behind");
    assertThat(Difference.between(row(2, "new"), row(1, "old")).explanation())
        .isEqualTo("replica v1, source v2: 1 version behind");
  }

  @Test
  void another_digest_at_the_same_version_or_a_replica_ahead_is_differing() {
    Difference changed = Difference.between(row(4, "source"), row(4, "edited"));
    assertThat(changed.kind()).isEqualTo(Kind.DIFFERING);
    assertThat(changed.ahead()).isFalse();
    assertThat(changed.behind()).isNull();
    assertThat(changed.explanation()).isEqualTo("v4 on both sides, different contents");

    Difference ahead = Difference.between(row(4, "d"), row(6, "d"));
    assertThat(ahead.kind()).isEqualTo(Kind.DIFFERING);
    assertThat(ahead.ahead()).isTrue();
    assertThat(ahead.explanation()).isEqualTo("replica v6 ahead of source v4");
  }
}
