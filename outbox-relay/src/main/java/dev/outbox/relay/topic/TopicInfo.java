package dev.outbox.relay.topic;

import org.apache.kafka.common.Uuid;

/**
 * A topic that is ready for sends.
 *
 * @param name its name
 * @param id its id: a topic deleted and created again under the same name has another one
 * @param partitions how many partitions it has, each with a leader when it was checked
 */
public record TopicInfo(String name, Uuid id, int partitions) {}
