package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Failure tests stop and start servers in place; what they held must still be there. */
@ExtendWith(OutboxStackExtension.class)
class ServerControlIT {

  @Test
  void kafka_restarted_in_place_keeps_its_records(OutboxStack stack) throws Exception {
    String topic = "it-restart-" + UUID.randomUUID();
    try (var producer =
        new KafkaProducer<String, String>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "before restart")).get();
    }

    ServerControl kafka = stack.kafkaControl().orElseThrow();
    kafka.stop();
    assertThat(kafka.isRunning()).isFalse();
    kafka.start();
    assertThat(kafka.isRunning()).isTrue();

    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<String, String>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-restart",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      Awaitility.await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
              });
    }
    assertThat(values).containsExactly("before restart");
  }

  @Test
  void postgres_restarted_in_place_keeps_its_data(OutboxStack stack) throws Exception {
    String url = stack.jdbcUrl(ServiceDatabase.CUSTOMERS);
    var admin = stack.postgres().admin();
    ServerControl postgres = stack.postgresControl().orElseThrow();
    postgres.stop();
    assertThat(postgres.isRunning()).isFalse();
    postgres.start();
    try (Connection c = DriverManager.getConnection(url, admin.user(), admin.password());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'outbox'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }
}
