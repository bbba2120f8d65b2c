package dev.outbox.relay.stream;

import dev.outbox.relay.health.RelayHealth;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Asks the cluster for its nodes, so health reports Kafka even while no event flows. */
public final class KafkaProbe implements Runnable {

  private static final int TIMEOUT_MS = 3000;

  private final Admin admin;
  private final RelayHealth health;

  /**
   * @param admin an admin client of the relay's cluster, closed by its owner
   */
  public KafkaProbe(Admin admin, RelayHealth health) {
    this.admin = admin;
    this.health = health;
  }

  @Override
  public void run() {
    try {
      if (admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
          .nodes()
          .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .isEmpty()) {
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
}
