package dev.outbox.local.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@link PollingRelay} as a process of its own, so that its CPU is measured as the relay's is:
 * {@code java ... PollingRelayMain <jdbc-url> <user> <kafka-bootstrap> <topic> <source>
 * <batch-size>}, the password in {@code BENCH_POLLING_DB_PASSWORD}. The producer is Kafka's
 * defaults plus {@code acks=all} and idempotence, what a team would start from. SIGTERM stops it
 * after the batch in hand; it exits 1 when a send or a statement fails.
 */
public final class PollingRelayMain {

  static final String PASSWORD_VARIABLE = "BENCH_POLLING_DB_PASSWORD";

  private PollingRelayMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: PollingRelayMain <jdbc-url> <user> <kafka-bootstrap> <topic> <source>"
              + " <batch-size>");
      System.exit(2);
    }
    String password = System.getenv(PASSWORD_VARIABLE);
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            args[2],
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            "true",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName());
    CountDownLatch finished = new CountDownLatch(1);
    try (Connection connection = DriverManager.getConnection(args[0], args[1], password);
        Producer<String, byte[]> producer = new KafkaProducer<>(config)) {
      PollingRelay relay =
          new PollingRelay(connection, producer, args[3], args[4], Integer.parseInt(args[5]));
      // SIGTERM: the batch in hand is finished and committed before the JVM ends.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    relay.stop();
                    try {
                      finished.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "polling-relay-stop"));
      System.out.println("polling-relay: relaying the outbox to " + args[3]);
      try {
        relay.run();
      } finally {
        System.out.printf(
            "polling-relay: stopped after %d events in %d batches%n",
            relay.relayed(), relay.batches());
      }
    } finally {
      finished.countDown();
    }
  }
}
