package dev.outbox.client.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a consumer is connected to Kafka, judged from two figures its own client keeps: the open
 * connections ({@code connection-count}) and the responses received so far ({@code
 * response-total}). Pure: the poll loop and health checks feed it samples.
 *
 * <p>Connected means an open connection and a broker that answers. A connected consumer always
 * hears from Kafka: fetch responses every half second while a partition flows, heartbeat responses
 * every few seconds otherwise. So it turns disconnected when it has no open connection (a broker
 * that went away closes its sockets), or when nothing answered for {@code silenceLimit} (a broker
 * that hangs or a network that drops packets, where sockets stay open or keep connecting). It turns
 * connected again only when a response arrives after the loss, so a connection attempt to a broker
 * that is still away does not make it look connected.
 */
final class KafkaLink {

  /**
   * The link at one moment.
   *
   * @param since when it was lost (or when the consumer started, if it was never up); null while
   *     connected
   * @param reason why it is down, null while connected
   */
  record State(boolean connected, Instant since, String reason) {}

  private final Duration silenceLimit;

  private boolean connected;
  private Instant since;
  private String reason = "not connected to Kafka yet";
  private long responses;
  private Instant lastHeard;
  private String lastError;

  /**
   * @param startedAt when the consumer started: the link is down since then until it is up
   * @param silenceLimit how long a connected consumer may hear nothing before it counts as lost
   */
  KafkaLink(Instant startedAt, Duration silenceLimit) {
    this.since = Objects.requireNonNull(startedAt, "startedAt");
    this.silenceLimit = Objects.requireNonNull(silenceLimit, "silenceLimit");
  }

  /**
   * One sample of the client's figures.
   *
   * @param openConnections its open (or opening) connections
   * @param responsesReceived the responses it has received since it was created
   */
  synchronized void observe(Instant now, int openConnections, long responsesReceived) {
    boolean heard = responsesReceived > responses;
    if (heard) {
      responses = responsesReceived;
      lastHeard = now;
    }
    if (!connected) {
      if (openConnections > 0 && heard) {
        connected = true;
        since = null;
        reason = null;
        lastError = null;
      }
    } else if (openConnections <= 0) {
      lose(now, "no open connection to any Kafka broker");
    } else {
      checkSilence(now);
    }
  }

  /** A Kafka failure the loop saw (a commit that timed out...): part of the reason while down. */
  synchronized void failure(String error) {
    lastError = error;
  }

  /** The link as of {@code now}. */
  synchronized State state(Instant now) {
    if (connected) {
      checkSilence(now);
    }
    if (connected) {
      return new State(true, null, null);
    }
    return new State(
        false, since, lastError == null ? reason : reason + "; last error: " + lastError);
  }

  private void checkSilence(Instant now) {
    Duration silence = Duration.between(lastHeard, now);
    if (silence.compareTo(silenceLimit) > 0) {
      lose(lastHeard, "no response from Kafka for " + silence.toSeconds() + " s");
    }
  }

  private void lose(Instant at, String why) {
    connected = false;
    since = at;
    reason = why;
  }
}
