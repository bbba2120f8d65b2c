package dev.outbox.relay.config;

import dev.outbox.config.Secrets;
import dev.outbox.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka producer: bootstrap servers plus client settings passed through from {@code
 * RELAY_KAFKA_<SETTING>} variables ({@code RELAY_KAFKA_SECURITY_PROTOCOL} becomes {@code
 * security.protocol}), applied over the relay's producer defaults.
 *
 * <p>The settings that the delivery guarantee rests on cannot be passed through: the producer
 * always waits for all in-sync replicas, is idempotent, and the relay chooses each record's
 * partition from its key.
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
   * The relay gives every record its partition itself (see {@code Partitions}), so a partitioner
   * would never run; one that ignored keys would break per-aggregate order.
   */
  private static final String PARTITIONER = "partitioner.";

  /** What the README and {@code --help} say about the refused settings. */
  static final String REFUSED =
      "`acks`, `enable.idempotence`, the serializers, `bootstrap.servers`, `transactional.id` and"
          + " `partitioner.*` are refused: the delivery guarantee rests on them.";

  /**
   * Defaults tuned for a relay (see the benchmark in the README). A whole engine batch is sent at
   * once, so records batch up while a request is in flight, and a longer linger only adds latency.
   * No compression: the relay's CPU, not the network, bounds it, and at ordinary rates a producer
   * batch holds one to a few events of a few hundred bytes, which lz4 barely shrinks while it costs
   * the relay (and the broker) CPU for every event; where the network or the brokers' disks are the
   * constraint, RELAY_KAFKA_COMPRESSION_TYPE sets it. A short max.block.ms keeps a send from
   * outliving a SIGTERM while Kafka is away (the relay retries the send itself).
   */
  static final Map<String, String> DEFAULTS =
      Map.of(
          ProducerConfig.LINGER_MS_CONFIG, "1",
          ProducerConfig.BATCH_SIZE_CONFIG, "262144",
          ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
          ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000",
          ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");

  public KafkaConfig {
    clientProperties = Map.copyOf(clientProperties);
  }

  /** The producer configuration that the settings give. */
  public static KafkaConfig from(Settings settings) {
    return new KafkaConfig(
        settings.get(RelaySettings.KAFKA_BOOTSTRAP),
        properties(settings.family(RelaySettings.KAFKA)));
  }

  /**
   * The check of the {@code RELAY_KAFKA_<SETTING>} family: each name must be a producer setting
   * that the relay does not fix, each value must be what the producer's own definition accepts, and
   * together they must make a valid producer configuration.
   *
   * @param members the family's variables, by the rest of their name ({@code LINGER_MS})
   * @return one sentence per problem, naming its variable; values of secret settings not shown
   */
  static List<String> problems(Map<String, String> members) {
    List<String> problems = new ArrayList<>();
    ConfigDef definitions = ProducerConfig.configDef();
    for (Map.Entry<String, String> member : new TreeMap<>(members).entrySet()) {
      String variable = PREFIX + member.getKey();
      String key = keyOf(member.getKey());
      if (FIXED.contains(key) || key.startsWith(PARTITIONER)) {
        problems.add(
            variable
                + " cannot be set: the relay fixes "
                + key
                + (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    ? " from RELAY_KAFKA_BOOTSTRAP"
                    : key.startsWith(PARTITIONER)
                        ? " (it chooses each event's partition from its key)"
                        : " to keep acks=all and idempotence"));
        continue;
      }
      ConfigDef.ConfigKey definition = definitions.configKeys().get(key);
      if (definition == null) {
        problems.add(variable + " is not a Kafka producer setting (" + key + " is unknown)");
        continue;
      }
      String problem = valueProblem(definition, member.getValue());
      if (problem != null) {
        problems.add(
            variable
                + " is not a valid "
                + key
                + (isSecret(member.getKey()) ? " (the value is not shown)" : ": " + problem));
      }
    }
    if (problems.isEmpty()) {
      try {
        new ProducerConfig(
            new KafkaConfig("localhost:9092", properties(members)).producerProperties("check"));
      } catch (ConfigException e) {
        problems.add(
            "The RELAY_KAFKA_* settings do not make a valid producer configuration: "
                + e.getMessage());
      }
    }
    return problems;
  }

  private static String valueProblem(ConfigDef.ConfigKey definition, String value) {
    try {
      Object parsed = ConfigDef.parseType(definition.name, value.trim(), definition.type);
      if (definition.validator != null) {
        definition.validator.ensureValid(definition.name, parsed);
      }
      return null;
    } catch (ConfigException e) {
      return e.getMessage();
    }
  }

  private static Map<String, String> properties(Map<String, String> members) {
    Map<String, String> properties = new TreeMap<>();
    members.forEach((suffix, value) -> properties.put(keyOf(suffix), value.trim()));
    return properties;
  }

  private static String keyOf(String suffix) {
    return suffix.toLowerCase(Locale.ROOT).replace('_', '.');
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

  private static boolean isSecret(String name) {
    return Secrets.isSecretName(name);
  }

  @Override
  public String toString() {
    String settings =
        new TreeMap<>(clientProperties)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? Secrets.MASK : e.getValue()))
                .collect(Collectors.joining(", "));
    return "KafkaConfig[bootstrap=" + bootstrapServers + ", settings={" + settings + "}]";
  }
}
