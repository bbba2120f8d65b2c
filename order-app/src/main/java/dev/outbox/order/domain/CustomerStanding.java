package dev.outbox.order.domain;

/** What order-app's replica says about a customer, for accepting an order. */
public enum CustomerStanding {
  /** Known and not deleted: orders are accepted. */
  ACTIVE,
  /** Known, but deleted. */
  DELETED,
  /** Never heard of (or not yet). */
  UNKNOWN
}
