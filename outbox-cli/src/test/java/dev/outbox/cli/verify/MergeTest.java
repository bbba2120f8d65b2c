package dev.outbox.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.cli.verify.Difference.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeTest {

  private static DigestRow row(String id, long version, String digest) {
    return new DigestRow(id, version, digest);
  }

  @Test
  void every_kind_of_difference_is_found_wherever_it_falls() {
    FirstLook look =
        Merge.compare(
            ListRows.of(
                row("a", 1, "x"),
                row("b", 3, "x"),
                row("c", 2, "x"),
                row("d", 1, "x"),
                row("e", 4, "x"),
                row("g", 1, "x")),
            ListRows.of(
                row("0", 1, "x"), // extra, before the first source id
                row("b", 1, "x"), // stale by 2
                row("c", 2, "y"), // differing digest
                row("d", 1, "x"),
                row("e", 5, "x"), // ahead
                row("f", 1, "x"), // extra, between
                row("h", 1, "x")), // extra, after the last source id
            n -> {});
    assertThat(look.differences())
        .containsExactly(
            new Difference("0", Kind.EXTRA, null, 1L),
            new Difference("a", Kind.MISSING, 1L, null),
            new Difference("b", Kind.STALE, 3L, 1L),
            new Difference("c", Kind.DIFFERING, 2L, 2L),
            new Difference("e", Kind.DIFFERING, 4L, 5L),
            new Difference("f", Kind.EXTRA, null, 1L),
            new Difference("g", Kind.MISSING, 1L, null),
            new Difference("h", Kind.EXTRA, null, 1L));
    assertThat(look.sourceRows()).isEqualTo(6);
    assertThat(look.replicaRows()).isEqualTo(7);
    assertThat(look.compared()).isEqualTo(9);
  }

  @Test
  void empty_sides_compare_to_everything_missing_or_extra() {
    assertThat(Merge.compare(ListRows.of(), ListRows.of(), n -> {}).compared()).isZero();
    assertThat(Merge.compare(ListRows.of(row("a", 1, "x")), ListRows.of(), n -> {}).differences())
        .containsExactly(new Difference("a", Kind.MISSING, 1L, null));
    assertThat(Merge.compare(ListRows.of(), ListRows.of(row("a", 1, "x")), n -> {}).differences())
        .containsExactly(new Difference("a", Kind.EXTRA, null, 1L));
  }

  @Test
  void ids_are_merged_in_code_point_order_not_string_order() {
    String privateUse = "\uE000";
    String emoji = "\uD83D\uDE00";
    FirstLook look =
        Merge.compare(
            ListRows.of(row(privateUse, 1, "x"), row(emoji, 1, "x")),
            ListRows.of(row(privateUse, 1, "x"), row(emoji, 1, "x")),
            n -> {});
    assertThat(look.differences()).isEmpty();
    assertThat(look.compared()).isEqualTo(2);
  }

  @Test
  void progress_is_told_as_the_comparison_goes_and_at_its_end() {
    List<DigestRow> rows = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      rows.add(row(String.format("%05d", i), 1, "x"));
    }
    List<Long> told = new ArrayList<>();
    Merge.compare(new ListRows(rows), new ListRows(rows), told::add);
    assertThat(told).containsExactly(1000L, 2000L, 2500L);
  }
}
