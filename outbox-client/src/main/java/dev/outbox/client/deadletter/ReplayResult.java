package dev.outbox.client.deadletter;

import java.util.List;
import java.util.Optional;

/**
 * What a replay or discard did.
 *
 * @param resolved the ids now REPLAYED, and the DISCARDED one of a discard, in the order handled
 * @param parked the row that failed again and is now the PARKED one, holding back the rest
 */
public record ReplayResult(List<Long> resolved, Optional<DeadLetter> parked) {

  public ReplayResult {
    resolved = List.copyOf(resolved);
  }
}
