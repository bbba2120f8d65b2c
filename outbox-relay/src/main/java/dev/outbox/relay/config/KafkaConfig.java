package dev.outbox.relay.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka producer: bootstrap servers plus client settings passed through from {@code
 * RELAY_KAFKA_<SETTING>} variables ({@code RELAY_KAFKA_SECURITY_PROTOCOL} becomes {@code
 * security.protocol}, {@code RELAY_KAFKA_SASL_JAAS_CONFIG} becomes {@code sasl.jaas.config}).
 *
 * <p>The settings that the delivery guarantee rests on cannot be passed through: the producer
 * always waits for all in-sync replicas and is idempotent.
 *
 * @param bootstrapServers {@code RELAY_KAFKA_BOOTSTRAP}
 * @param clientProperties producer settings by Kafka name, applied over the relay's defaults
 */
public record KafkaConfig(String bootstrapServers, Map<String, String> clientProperties) {

  static final String PREFIX = "RELAY_KAFKA_";

  /** Settings the at-least-once guarantee depends on, or that the relay sets itself. */
  private static final Set<String> FIXED =
      Set.of(
          ProducerConfig.ACKS_CONFIG,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG);

  /**
   * Defaults tuned for a relay (see the benchmark in the README). A whole engine batch is sent at
   * once, so records batch up while a request is in flight, and a longer linger only adds latency.
   * A short max.block.ms keeps a send from outliving a SIGTERM while Kafka is away (the relay
   * retries the send itself).
   */
  private static final Map<String, String> DEFAULTS =
      Map.of(
          ProducerConfig.LINGER_MS_CONFIG, "1",
          ProducerConfig.BATCH_SIZE_CONFIG, "262144",
          ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
          ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000",
          ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");

  public KafkaConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new RelayConfigException("RELAY_KAFKA_BOOTSTRAP is required but not set");
    }
    clientProperties = Map.copyOf(clientProperties);
    for (String key : clientProperties.keySet()) {
      String variable = variableOf(key);
      if (FIXED.contains(key)) {
        throw new RelayConfigException(
            variable
                + " cannot be set: the relay fixes "
                + key
                + (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    ? " from RELAY_KAFKA_BOOTSTRAP"
                    : " to keep acks=all and idempotence"));
      }
      if (!ProducerConfig.configNames().contains(key)) {
        throw new RelayConfigException(
            variable + " is not a Kafka producer setting (" + key + " is unknown)");
      }
    }
  }

  /** Builds the pass-through settings from every {@code RELAY_KAFKA_*} but the bootstrap. */
  static KafkaConfig fromEnv(Env env) {
    String bootstrap = env.required(PREFIX + "BOOTSTRAP");
    var properties = new TreeMap<String, String>();
    env.withPrefix(PREFIX)
        .forEach(
            (suffix, value) -> {
              if (!suffix.equals("BOOTSTRAP")) {
                properties.put(suffix.toLowerCase(Locale.ROOT).replace('_', '.'), value);
              }
            });
    return new KafkaConfig(bootstrap, properties);
  }

  /** The complete producer configuration. */
  public Map<String, Object> producerProperties(String clientId) {
    var props = new TreeMap<String, Object>(DEFAULTS);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.putAll(clientProperties);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  /** The settings an admin client needs to reach the same cluster (security included). */
  public Map<String, Object> adminProperties(String clientId) {
    var props = new TreeMap<String, Object>();
    clientProperties.forEach(
        (key, value) -> {
          if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
            props.put(key, value);
          }
        });
    props.put("client.id", clientId);
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  static boolean isSecret(String key) {
    return key.contains("password")
        || key.contains("jaas")
        || key.contains("secret")
        || key.contains("token")
        || key.endsWith(".key");
  }

  private static String variableOf(String key) {
    return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  @Override
  public String toString() {
    String settings =
        new TreeMap<>(clientProperties)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "<masked>" : e.getValue()))
                .collect(Collectors.joining(", "));
    return "KafkaConfig[bootstrap=" + bootstrapServers + ", settings={" + settings + "}]";
  }
}
