package dev.outbox.client.support;

import dev.outbox.client.event.EventType;

/** The events of the tests' aggregate. */
public sealed interface ThingEvent permits ThingEvent.ThingCreated, ThingEvent.ThingRenamed {

  String name();

  /** A thing came into being. */
  @EventType("ThingCreated")
  record ThingCreated(String id, String name) implements ThingEvent {}

  /** A thing got another name. */
  @EventType(value = "ThingRenamed", schemaVersion = 2)
  record ThingRenamed(String id, String name) implements ThingEvent {}
}
