package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL and Kafka as processes of their caller, as the local run supervises them: killed with
 * SIGKILL, each is started again in place and has kept what it acknowledged.
 */
class ServerProcessIT {

  private static final Duration START = Duration.ofMinutes(3);

  private static Process start(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static int killed(Process process) throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return process.exitValue();
  }

  @Test
  void postgres_killed_with_sigkill_recovers_in_place_durably(@TempDir Path dir) throws Exception {
    PostgresProcess postgres =
        PostgresProcess.prepare(dir.resolve("pg"), Ports.free(), Durability.DURABLE);
    Path log = dir.resolve("postgres.log");
    Process first = start(postgres.command(), log);
    Process second = null;
    try {
      await().atMost(START).until(() -> postgres.problem().isEmpty());
      String url = postgres.server().jdbcUrl("postgres");
      try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE acknowledged (n int)");
        st.execute("INSERT INTO acknowledged VALUES (42)");
        for (String setting : List.of("fsync", "full_page_writes", "synchronous_commit")) {
          try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            assertThat(rs.getString(1)).as(setting).isEqualTo("on");
          }
        }
      }
      assertThat(PostmasterPidFile.read(postgres.dataDirectory())).contains(first.pid());

      assertThat(killed(first)).as("128 + SIGKILL").isEqualTo(137);
      second = start(postgres.command(), log);
      await().atMost(START).until(() -> postgres.problem().isEmpty());
      try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT n FROM acknowledged")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
      assertThat(Files.readString(log)).contains("automatic recovery in progress");

      // SIGINT is PostgreSQL's fast shutdown: a clean exit.
      new ProcessBuilder("kill", "-INT", Long.toString(second.pid())).start().waitFor();
      assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(second.exitValue()).isZero();
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
      }
    }
  }

  @Test
  void a_kafka_broker_killed_with_sigkill_restarts_in_place_with_its_records_and_cluster_id(
      @TempDir Path dir) throws Exception {
    Path log = dir.resolve("kafka.log");
    List<Process> started = new ArrayList<>();
    try (KafkaProcess kafka = new KafkaProcess(dir.resolve("kafka"), Ports.free(), Ports.free())) {
      kafka.requirePortsFree();
      List<String> command = kafka.command(List.of("-Xmx384m"));
      started.add(start(command, log));
      await().atMost(START).until(() -> kafka.problem().isEmpty());
      String topic = "process-restart";
      try (var producer =
          new KafkaProducer<String, String>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>(topic, "k", "acknowledged before the kill")).get();
      }
      String clusterId = clusterId(kafka);

      assertThat(killed(started.get(0))).as("128 + SIGKILL").isEqualTo(137);
      started.add(start(command, log));
      await().atMost(START).until(() -> kafka.problem().isEmpty());

      assertThat(clusterId(kafka)).isEqualTo(clusterId);
      List<String> values = new ArrayList<>();
      try (var consumer =
          new KafkaConsumer<String, String>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                  ConsumerConfig.GROUP_ID_CONFIG, "process-restart",
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
              new StringDeserializer(),
              new StringDeserializer())) {
        consumer.subscribe(List.of(topic));
        await()
            .atMost(START)
            .until(
                () -> {
                  consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                  return !values.isEmpty();
                });
      }
      assertThat(values).containsExactly("acknowledged before the kill");

      Process last = started.get(1);
      last.destroy(); // SIGTERM: the broker shuts down cleanly
      assertThat(last.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(Files.readString(log))
          .contains("kafka-broker: ready on " + kafka.bootstrapServers());
    } finally {
      started.forEach(Process::destroyForcibly);
    }
  }

  private static String clusterId(KafkaProcess kafka) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
    }
  }
}
