package dev.outbox.relay.topic;

/**
 * Where the publisher learns that a topic is ready for its first send: it exists and every
 * partition has a leader. Answers are cached until {@link #forget} (a send to the topic failed or
 * stalled) or until the topic is found deleted or re-created.
 */
public interface TopicGate {

  /**
   * Waits until the topic exists with a leader for every partition, creating it when it is missing
   * and the relay may.
   *
   * @throws TopicAccessException when the topic is missing and the relay may not create it, or the
   *     relay's principal may not use it: no retry can fix that
   * @throws TopicNotReadyException when the cluster could not be asked, or the topic is not ready
   *     yet: worth another try later
   * @throws InterruptedException when the relay stops meanwhile
   */
  TopicInfo ready(String topic) throws InterruptedException;

  /** Drops what is known about the topic: the next {@link #ready} asks the cluster again. */
  void forget(String topic);
}
