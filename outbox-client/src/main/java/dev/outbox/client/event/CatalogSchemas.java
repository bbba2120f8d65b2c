package dev.outbox.client.event;

import dev.outbox.client.replica.ReplicaLifecycle;
import dev.outbox.contracts.JsonSchemaSet;
import dev.outbox.contracts.SchemaDocuments;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The schemas of a service's catalogs, read once from its class path, with those of the platform's
 * own protocol ({@code outbox.backfill}, packed in this library), which every service's consumer
 * reads.
 */
public final class CatalogSchemas {

  private CatalogSchemas() {}

  /**
   * Every version of every event type of {@code catalogs} under {@link
   * SchemaDocuments#CLASSPATH_ROOT} ({@code
   * contracts/schemas/<aggregate>/<EventType>.v<N>.schema.json}), compiled: the events a service
   * writes and those it reads.
   *
   * @throws dev.outbox.contracts.ContractException when a schema cannot be read or compiled
   */
  public static JsonSchemaSet fromClasspath(EventCatalog<?>... catalogs) {
    Map<String, Set<String>> types = new LinkedHashMap<>();
    types.put(ReplicaLifecycle.CATALOG.aggregateType(), ReplicaLifecycle.CATALOG.eventTypes());
    for (EventCatalog<?> catalog : catalogs) {
      types.put(catalog.aggregateType(), catalog.eventTypes());
    }
    return JsonSchemaSet.of(
        SchemaDocuments.fromClasspath(
            CatalogSchemas.class.getClassLoader(), SchemaDocuments.CLASSPATH_ROOT, types));
  }
}
