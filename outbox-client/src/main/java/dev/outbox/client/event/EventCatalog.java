package dev.outbox.client.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The events of one aggregate type: the records a sealed interface permits, each with its {@link
 * EventType}. It maps an event class to its type string for writing and a type string back to the
 * class for reading, so the type string is declared in exactly one place.
 *
 * @param <E> the sealed interface of the aggregate's events
 */
public final class EventCatalog<E> {

  // Same rule as the outbox table's CHECK on aggregate_type.
  private static final Pattern AGGREGATE_TYPE = Pattern.compile("^[a-z][a-z0-9_.-]*$");

  private final String aggregateType;
  private final Class<E> eventInterface;
  private final String topic;
  private final Map<String, Class<? extends E>> classByType;
  private final Map<Class<?>, EventType> typeByClass;

  private EventCatalog(
      String aggregateType,
      Class<E> eventInterface,
      String topic,
      Map<String, Class<? extends E>> classByType,
      Map<Class<?>, EventType> typeByClass) {
    this.aggregateType = aggregateType;
    this.eventInterface = eventInterface;
    this.topic = topic;
    this.classByType = classByType;
    this.typeByClass = typeByClass;
  }

  /**
   * Reads the records that a sealed interface permits.
   *
   * @param aggregateType lower case, e.g. {@code customer}; the default topic is {@code
   *     <aggregateType>.events}
   * @throws IllegalArgumentException when the interface is not sealed, a permitted class is not a
   *     record annotated with {@link EventType}, or two records declare the same type
   */
  public static <E> EventCatalog<E> of(String aggregateType, Class<E> sealedInterface) {
    Objects.requireNonNull(aggregateType, "aggregateType");
    Objects.requireNonNull(sealedInterface, "sealedInterface");
    if (!AGGREGATE_TYPE.matcher(aggregateType).matches()) {
      throw new IllegalArgumentException(
          "aggregateType must match " + AGGREGATE_TYPE + ", was '" + aggregateType + "'");
    }
    if (!sealedInterface.isInterface() || !sealedInterface.isSealed()) {
      throw new IllegalArgumentException(
          sealedInterface.getName() + " must be a sealed interface permitting the event records");
    }
    var classByType = new LinkedHashMap<String, Class<? extends E>>();
    var typeByClass = new LinkedHashMap<Class<?>, EventType>();
    for (Class<?> permitted : sealedInterface.getPermittedSubclasses()) {
      if (!permitted.isRecord()) {
        throw new IllegalArgumentException(
            permitted.getName()
                + " permitted by "
                + sealedInterface.getName()
                + " is not a record");
      }
      EventType type = permitted.getAnnotation(EventType.class);
      if (type == null) {
        throw new IllegalArgumentException(
            permitted.getName() + " has no @" + EventType.class.getSimpleName());
      }
      if (type.value().isBlank()) {
        throw new IllegalArgumentException(permitted.getName() + " declares a blank event type");
      }
      if (type.schemaVersion() < 1) {
        throw new IllegalArgumentException(
            permitted.getName() + " declares schemaVersion " + type.schemaVersion() + " (< 1)");
      }
      Class<? extends E> eventClass = permitted.asSubclass(sealedInterface);
      Class<? extends E> previous = classByType.putIfAbsent(type.value(), eventClass);
      if (previous != null) {
        throw new IllegalArgumentException(
            "Event type '"
                + type.value()
                + "' is declared by both "
                + previous.getName()
                + " and "
                + permitted.getName());
      }
      typeByClass.put(permitted, type);
    }
    return new EventCatalog<>(
        aggregateType,
        sealedInterface,
        aggregateType + ".events",
        Collections.unmodifiableMap(classByType),
        Collections.unmodifiableMap(typeByClass));
  }

  /** The same catalog, consumed from another topic than {@code <aggregateType>.events}. */
  public EventCatalog<E> withTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic cannot be blank");
    }
    return new EventCatalog<>(aggregateType, eventInterface, topic, classByType, typeByClass);
  }

  /** The aggregate type, e.g. {@code customer}. */
  public String aggregateType() {
    return aggregateType;
  }

  /** The sealed interface of the aggregate's events. */
  public Class<E> eventInterface() {
    return eventInterface;
  }

  /** The Kafka topic the aggregate's events are consumed from. */
  public String topic() {
    return topic;
  }

  /** The event types, in the order the interface permits them. */
  public Set<String> eventTypes() {
    return classByType.keySet();
  }

  /**
   * The type string of an event class.
   *
   * @throws IllegalArgumentException when the class is not one of this catalog's records
   */
  public String typeOf(Class<?> eventClass) {
    return annotationOf(eventClass).value();
  }

  /**
   * The schema version of an event class.
   *
   * @throws IllegalArgumentException when the class is not one of this catalog's records
   */
  public int schemaVersionOf(Class<?> eventClass) {
    return annotationOf(eventClass).schemaVersion();
  }

  /** Whether the class is one of this catalog's records. */
  public boolean contains(Class<?> eventClass) {
    return typeByClass.containsKey(eventClass);
  }

  /** The record class of a type string, empty when this catalog does not know the type. */
  public Optional<Class<? extends E>> classOf(String eventType) {
    return Optional.ofNullable(classByType.get(eventType));
  }

  private EventType annotationOf(Class<?> eventClass) {
    EventType type = typeByClass.get(eventClass);
    if (type == null) {
      throw new IllegalArgumentException(
          eventClass.getName() + " is not an event of " + eventInterface.getName());
    }
    return type;
  }

  @Override
  public String toString() {
    return "EventCatalog[" + aggregateType + " " + classByType.keySet() + " from " + topic + "]";
  }
}
