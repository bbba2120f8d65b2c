package dev.outbox.client.housekeeping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads {@code retention.ms}, {@code segment.ms} and {@code cleanup.policy} of topics with an admin
 * client ({@code describeConfigs}), created on the first read and kept until closed.
 */
final class KafkaTopicRetention implements TopicRetentionSource {

  private final Map<String, Object> properties;
  private final Duration timeout;
  private Admin admin;

  /**
   * @param kafkaProperties the consumer's extra properties; those an admin client knows (security
   *     settings...) are passed on
   */
  KafkaTopicRetention(
      String bootstrapServers, Map<String, String> kafkaProperties, Duration timeout) {
    this.properties = new HashMap<>();
    kafkaProperties.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(key)) {
            properties.put(key, value);
          }
        });
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    this.timeout = timeout;
  }

  @Override
  public synchronized List<TopicRetention> read(Collection<String> topics) {
    if (admin == null) {
      admin = Admin.create(properties);
    }
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs;
    try {
      configs =
          admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the topics' retention", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String why =
          cause instanceof UnknownTopicOrPartitionException
              ? "a topic does not exist (yet)"
              : cause.getClass().getSimpleName()
                  + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
      throw new IllegalStateException(
          "could not read the retention of topics " + topics + ": " + why, cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "could not read the retention of topics " + topics + " within " + timeout, e);
    }
    List<TopicRetention> result = new ArrayList<>();
    for (ConfigResource resource : resources) {
      Config config = configs.get(resource);
      result.add(
          TopicRetention.of(
              resource.name(),
              longValue(config, TopicConfig.RETENTION_MS_CONFIG, resource),
              longValue(config, TopicConfig.SEGMENT_MS_CONFIG, resource),
              config.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null
                  ? null
                  : config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()));
    }
    return result;
  }

  private static long longValue(Config config, String name, ConfigResource topic) {
    ConfigEntry entry = config.get(name);
    if (entry == null || entry.value() == null) {
      throw new IllegalStateException("topic " + topic.name() + " reports no " + name);
    }
    return Long.parseLong(entry.value().trim());
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }
}
