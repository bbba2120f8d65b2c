package dev.outbox.service.deadletter;

import dev.outbox.client.deadletter.ReplayResult;
import java.util.List;

/**
 * What a replay or discard did, as the admin API shows it.
 *
 * @param resolved the ids now REPLAYED (and the DISCARDED one of a discard), in the order handled
 * @param parked the one that failed again and now holds back the rest, else null
 */
record ResolutionView(List<Long> resolved, DeadLetterView parked) {

  static ResolutionView of(ReplayResult result) {
    return new ResolutionView(
        result.resolved(), result.parked().map(DeadLetterView::of).orElse(null));
  }
}
