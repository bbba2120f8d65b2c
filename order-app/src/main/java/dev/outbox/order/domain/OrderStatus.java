package dev.outbox.order.domain;

/** Where an order stands: PENDING until customer-app's credit decision arrives. */
public enum OrderStatus {
  PENDING,
  CONFIRMED,
  REJECTED
}
