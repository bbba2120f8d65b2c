package dev.outbox.order.domain;

import java.util.UUID;

/** customer-app's credit decision about one order, as order-app applies it. */
public sealed interface CreditOutcome {

  /** The order concerned. */
  UUID orderId();

  /** Credit reserved: the order is confirmed. */
  record Reserved(UUID orderId) implements CreditOutcome {}

  /** Credit refused: the order is rejected. */
  record Rejected(UUID orderId, String reason) implements CreditOutcome {}
}
