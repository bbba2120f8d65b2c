package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Under {@code bin/outbox up}, its PostgreSQL and then its Kafka broker are killed with a real
 * SIGKILL while customers are written through the HTTP API: {@code up} must print the death and the
 * return, reach {@code ready again} by itself, and every write it acknowledged must reach
 * order-app's replica.
 */
@Order(4)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformCrashIT {

  private static final Duration READY = Duration.ofMinutes(3);
  private static final Duration RECOVERY = Duration.ofMinutes(3);

  private Path state;
  private UpProcess up;

  @BeforeAll
  void start() throws IOException {
    state = Files.createTempDirectory("outbox-crash-");
    up = UpProcess.start(state, "--fresh");
    up.awaitReady(READY);
  }

  @AfterAll
  void stop() throws Exception {
    if (up != null) {
      assertThat(up.terminate(Duration.ofSeconds(60))).isZero();
      up.close();
    }
    try (var paths = Files.walk(state)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  @Order(1)
  void a_killed_postgres_is_restarted_in_place_and_loses_nothing_acknowledged() throws Exception {
    survives("postgres");
  }

  @Test
  @Order(2)
  void a_killed_kafka_broker_is_restarted_in_place_and_loses_nothing_acknowledged()
      throws Exception {
    survives("kafka");
  }

  private void survives(String server) throws Exception {
    int from = up.lines().size();
    try (Writer writer = new Writer(server)) {
      writer.start();
      await().atMost(RECOVERY).until(() -> writer.acknowledged().size() >= 5);

      long pid = up.childPid(server);
      if (server.equals("postgres")) {
        assertThat(up.postmasterPid()).isEqualTo(pid);
      }
      long killedAt = System.nanoTime();
      Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();

      up.awaitLine(
          l -> l.startsWith(server + " died (pid " + pid + ", killed by signal 9); restarting in "),
          RECOVERY);
      up.awaitLine(l -> l.startsWith(server + " back after "), RECOVERY);
      String readyAgain =
          up.awaitLineAfter(
              from, l -> l.startsWith("ready again: all 6 processes healthy after "), RECOVERY);
      double seconds = (System.nanoTime() - killedAt) / 1e9;
      assertThat(up.childPid(server)).as("a new process").isNotEqualTo(pid);

      int before = writer.acknowledged().size();
      await().atMost(RECOVERY).until(() -> writer.acknowledged().size() >= before + 5);
      writer.close();

      Set<String> acknowledged = writer.acknowledged();
      await()
          .atMost(RECOVERY)
          .untilAsserted(() -> assertThat(missingFromReplica(acknowledged)).isEmpty());

      List<String> said = up.lines().subList(from, up.lines().size());
      System.out.printf(
          "%n=== %s kill: %d writes acknowledged, %d refused or failed; '%s' %.1f s after the kill"
              + "%n%s%n===%n",
          server,
          acknowledged.size(),
          writer.failed(),
          readyAgain,
          seconds,
          String.join("\n", said));
    }
  }

  /** The acknowledged customers that order-app's replica does not have. */
  private static List<String> missingFromReplica(Set<String> ids) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:15432/orders", "postgres", "postgres");
        PreparedStatement st =
            c.prepareStatement(
                "SELECT x FROM unnest(?::uuid[]) AS x"
                    + " WHERE NOT EXISTS (SELECT 1 FROM customer_replica r WHERE r.id = x)")) {
      Array array = c.createArrayOf("uuid", ids.toArray());
      st.setArray(1, array);
      List<String> missing = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          missing.add(rs.getString(1));
        }
      }
      return missing;
    }
  }

  /**
   * Creates a customer every 50 ms (a steady trickle, not a benchmark); remembers those
   * customer-app acknowledged (201).
   */
  private static final class Writer implements AutoCloseable {
    private final Http customers = new Http(URI.create("http://127.0.0.1:8081"));
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger written = new AtomicInteger();
    private final ScheduledExecutorService executor;

    Writer(String label) {
      this.executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "writer-" + label);
                t.setDaemon(true);
                return t;
              });
    }

    void start() {
      executor.scheduleWithFixedDelay(this::writeOne, 0, 50, TimeUnit.MILLISECONDS);
    }

    private void writeOne() {
      int n = written.incrementAndGet();
      try {
        Http.Answer created =
            customers.post(
                "/customers",
                Map.of(
                    "name",
                    "Crash " + n,
                    "email",
                    "crash" + n + "@example.com",
                    "address",
                    "1 Loop",
                    "creditLimit",
                    100));
        if (created.status() == 201) {
          acknowledged.add(created.text("id"));
        } else {
          failed.incrementAndGet();
        }
      } catch (RuntimeException e) {
        failed.incrementAndGet();
      }
    }

    Set<String> acknowledged() {
      return Set.copyOf(acknowledged);
    }

    int failed() {
      return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
      executor.shutdown();
      assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
  }
}
