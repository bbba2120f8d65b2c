package dev.outbox.client.consume;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The two figures of a Kafka consumer's network layer that {@link KafkaLink} judges the link by.
 * Looked up once on the loop's thread; a metric's value may be read from any thread.
 */
final class ClientMetrics {

  private static final String GROUP = "consumer-metrics";

  private final Metric connections;
  private final Metric responses;

  private ClientMetrics(Metric connections, Metric responses) {
    this.connections = connections;
    this.responses = responses;
  }

  /** The metrics of a consumer; those it lacks (a mock) read as zero. */
  static ClientMetrics of(Consumer<?, ?> consumer) {
    return new ClientMetrics(
        find(consumer.metrics(), "connection-count"), find(consumer.metrics(), "response-total"));
  }

  /** The open (or opening) connections. */
  int openConnections() {
    return (int) value(connections);
  }

  /** The responses received since the client was created. */
  long responsesReceived() {
    return (long) value(responses);
  }

  private static Metric find(Map<MetricName, ? extends Metric> metrics, String name) {
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      if (entry.getKey().name().equals(name) && entry.getKey().group().equals(GROUP)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static double value(Metric metric) {
    if (metric == null) {
      return 0;
    }
    Object value = metric.metricValue();
    return value instanceof Number number ? number.doubleValue() : 0;
  }
}
