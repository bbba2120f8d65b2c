package dev.outbox.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.cli.verify.Difference.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecheckTest {

  /** One side whose rows the test changes between looks. */
  private static final class Side implements Recheck.Lookup {
    final Map<String, DigestRow> rows = new HashMap<>();
    final List<List<String>> asked = new ArrayList<>();

    void put(String id, long version, String digest) {
      rows.put(id, new DigestRow(id, version, digest));
    }

    @Override
    public Map<String, DigestRow> rowsOf(List<String> ids) {
      asked.add(List.copyOf(ids));
      Map<String, DigestRow> found = new HashMap<>();
      ids.stream().filter(rows::containsKey).forEach(id -> found.put(id, rows.get(id)));
      return found;
    }
  }

  private final Side source = new Side();
  private final Side replica = new Side();
  private final List<Duration> pauses = new ArrayList<>();
  private final List<String> said = new ArrayList<>();
  private Runnable duringPause = () -> {};

  private Recheck recheck(int batchSize) {
    return new Recheck(
        source,
        replica,
        batchSize,
        Duration.ofSeconds(5),
        d -> {
          pauses.add(d);
          duringPause.run();
        },
        said::add);
  }

  @Test
  void a_difference_that_resolves_within_the_grace_period_is_not_reported() {
    source.put("a", 2, "new");
    replica.put("a", 1, "old");
    duringPause = () -> replica.put("a", 2, "new"); // the event arrives meanwhile
    Recheck.Outcome outcome = recheck(100).run(List.of(new Difference("a", Kind.STALE, 2L, 1L)));
    assertThat(outcome.differences()).isEmpty();
    assertThat(outcome.settled()).isEqualTo(1);
    assertThat(outcome.rounds()).isEqualTo(1);
    assertThat(pauses).containsExactly(Duration.ofSeconds(5));
    assertThat(said).containsExactly("1 row differs; re-checking after the grace period of 5s");
  }

  @Test
  void a_difference_that_stays_is_reported_as_it_is_after_one_look() {
    source.put("a", 2, "x");
    replica.put("a", 2, "edited by hand");
    source.put("b", 1, "x");
    Recheck.Outcome outcome =
        recheck(100)
            .run(
                List.of(
                    new Difference("b", Kind.MISSING, 1L, null),
                    new Difference("a", Kind.DIFFERING, 2L, 2L)));
    assertThat(outcome.differences())
        .as("in report order: by kind, then id")
        .containsExactly(
            new Difference("b", Kind.MISSING, 1L, null),
            new Difference("a", Kind.DIFFERING, 2L, 2L));
    assertThat(outcome.rounds()).isEqualTo(1);
    assertThat(outcome.settled()).isZero();
  }

  @Test
  void an_aggregate_still_moving_is_looked_at_again_up_to_the_last_round() {
    source.put("hot", 2, "x");
    replica.put("hot", 1, "x");
    int[] version = {2};
    // Written again during every grace period; the replica always one version behind.
    duringPause =
        () -> {
          version[0]++;
          source.put("hot", version[0], "x");
          replica.put("hot", version[0] - 1, "x");
        };
    Recheck.Outcome outcome = recheck(100).run(List.of(new Difference("hot", Kind.STALE, 2L, 1L)));
    assertThat(outcome.rounds()).isEqualTo(Recheck.MAX_ROUNDS);
    assertThat(outcome.differences()).containsExactly(new Difference("hot", Kind.STALE, 5L, 4L));
    assertThat(said.get(1)).startsWith("1 still in flight (a version moved)");
  }

  @Test
  void a_hot_aggregate_that_catches_up_on_a_later_look_is_settled() {
    source.put("hot", 2, "x");
    replica.put("hot", 1, "x");
    duringPause =
        () -> {
          if (pauses.size() == 1) {
            source.put("hot", 3, "x");
            replica.put("hot", 2, "x");
          } else {
            replica.put("hot", 3, "x");
          }
        };
    Recheck.Outcome outcome = recheck(100).run(List.of(new Difference("hot", Kind.STALE, 2L, 1L)));
    assertThat(outcome.rounds()).isEqualTo(2);
    assertThat(outcome.differences()).isEmpty();
    assertThat(outcome.settled()).isEqualTo(1);
  }

  @Test
  void ids_are_read_again_in_batches() {
    List<Difference> firstLook = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      source.put("id" + i, 1, "x");
      firstLook.add(new Difference("id" + i, Kind.MISSING, 1L, null));
    }
    Recheck.Outcome outcome = recheck(2).run(firstLook);
    assertThat(outcome.differences()).hasSize(5);
    assertThat(source.asked).extracting(List::size).containsExactly(2, 2, 1);
    assertThat(replica.asked).extracting(List::size).containsExactly(2, 2, 1);
  }

  @Test
  void nothing_to_look_at_waits_for_nothing() {
    Recheck.Outcome outcome = recheck(100).run(List.of());
    assertThat(outcome.rounds()).isZero();
    assertThat(pauses).isEmpty();
  }
}
