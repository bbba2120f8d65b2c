package dev.outbox.client.write;

import dev.outbox.client.event.EventCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which registered catalog an event class belongs to. */
final class EventRegistry {

  private final Map<Class<?>, EventCatalog<?>> catalogByClass;

  private EventRegistry(Map<Class<?>, EventCatalog<?>> catalogByClass) {
    this.catalogByClass = catalogByClass;
  }

  static EventRegistry of(List<EventCatalog<?>> catalogs) {
    var byClass = new HashMap<Class<?>, EventCatalog<?>>();
    var aggregateTypes = new HashMap<String, EventCatalog<?>>();
    for (EventCatalog<?> catalog : catalogs) {
      EventCatalog<?> sameType = aggregateTypes.putIfAbsent(catalog.aggregateType(), catalog);
      if (sameType != null) {
        throw new IllegalArgumentException(
            "Aggregate type '" + catalog.aggregateType() + "' is registered twice");
      }
      for (Class<?> eventClass : catalog.eventInterface().getPermittedSubclasses()) {
        if (byClass.putIfAbsent(eventClass, catalog) != null) {
          throw new IllegalArgumentException(eventClass.getName() + " is registered twice");
        }
      }
    }
    return new EventRegistry(Map.copyOf(byClass));
  }

  EventCatalog<?> catalogOf(Object event) {
    EventCatalog<?> catalog = catalogByClass.get(event.getClass());
    if (catalog == null) {
      throw new OutboxAppendException(
          event.getClass().getName()
              + " is not an event of a registered catalog (Outbox.builder().register(...))");
    }
    return catalog;
  }
}
