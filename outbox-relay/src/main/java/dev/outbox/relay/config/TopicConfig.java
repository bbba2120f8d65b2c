package dev.outbox.relay.config;

import java.util.Optional;

/**
 * What the relay may do about a topic that does not exist yet, and the shape of one it creates.
 * Absent numbers leave the choice to the broker's defaults.
 *
 * @param create {@code RELAY_TOPIC_CREATE} is {@code create}
 * @param partitions {@code RELAY_TOPIC_PARTITIONS}
 * @param replicationFactor {@code RELAY_TOPIC_REPLICATION_FACTOR}
 * @param minInsyncReplicas {@code RELAY_TOPIC_MIN_INSYNC_REPLICAS}
 */
public record TopicConfig(
    boolean create,
    Optional<Integer> partitions,
    Optional<Short> replicationFactor,
    Optional<Integer> minInsyncReplicas) {}
