package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OutboxStackExtension.class)
class EmbeddedKafkaIT {

  @Test
  void a_produced_record_is_consumed_back_with_key_value_and_headers(OutboxStack stack)
      throws Exception {
    String topic = "it-roundtrip-" + UUID.randomUUID();
    String key = "customer-42";
    String value = "{\"name\":\"Ada\"}";

    try (var producer =
        new KafkaProducer<String, String>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new StringSerializer(),
            new StringSerializer())) {
      var record = new ProducerRecord<>(topic, key, value);
      record.headers().add("ce_id", "event-1".getBytes(StandardCharsets.UTF_8));
      producer.send(record).get();
    }

    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<String, String>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-roundtrip",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      Awaitility.await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
              });
    }

    assertThat(received).hasSize(1);
    ConsumerRecord<String, String> got = received.get(0);
    assertThat(got.key()).isEqualTo(key);
    assertThat(got.value()).isEqualTo(value);
    assertThat(new String(got.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
        .isEqualTo("event-1");
  }
}
