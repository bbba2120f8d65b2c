package dev.outbox.client.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, once, the event type string of an event record (the {@code event_type} column and the
 * {@code ce_type} header) and the schema version of its payload.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

  /** The event type, e.g. {@code CustomerCreated}. */
  String value();

  /** The version of this event's payload schema, 1 or more. */
  int schemaVersion() default 1;
}
