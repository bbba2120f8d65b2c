package dev.outbox.relay.stream;

import dev.outbox.relay.config.KafkaConfig;
import dev.outbox.relay.health.RelayHealth;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Asks the cluster for its nodes, so health reports Kafka even while no event flows. */
public final class KafkaProbe implements Runnable, AutoCloseable {

  private static final long TIMEOUT_MS = 3000;

  private final Admin admin;
  private final RelayHealth health;

  public KafkaProbe(KafkaConfig kafka, String clientId, RelayHealth health) {
    var props = kafka.adminProperties(clientId);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
    this.admin = Admin.create(props);
    this.health = health;
  }

  @Override
  public void run() {
    try {
      if (admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).isEmpty()) {
        health.kafkaUnreachable("the cluster reports no brokers");
      } else {
        health.kafkaReachable();
      }
    } catch (ExecutionException e) {
      health.kafkaUnreachable(String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      health.kafkaUnreachable("no answer within " + TIMEOUT_MS + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
