package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/outbox up} run as a person runs it, on the fixed ports of the local run: it must reach
 * {@code ready} (and {@code bin/outbox status} say so), serve the flow, survive a relay's SIGKILL,
 * stop everything on SIGTERM, and keep its data for the next run.
 */
@Order(3)
class LocalRunIT {

  private static final Duration READY = Duration.ofMinutes(3);
  private static final Duration FLOW = Duration.ofMinutes(3);

  private final Http customers = new Http(URI.create("http://127.0.0.1:8081"));
  private final Http orders = new Http(URI.create("http://127.0.0.1:8082"));

  @Test
  void up_serves_the_flow_restarts_a_killed_relay_stops_cleanly_and_keeps_its_data(
      @TempDir Path state) throws Exception {
    String customerId;
    List<Long> processes = new ArrayList<>();
    try (UpProcess up = UpProcess.start(state, "--fresh")) {
      up.awaitReady(READY);
      assertThat(up.lines()).filteredOn(l -> l.startsWith("ready")).hasSize(1);
      assertThat(String.join("\n", up.lines()))
          .contains("127.0.0.1:15432", "127.0.0.1:19092", "http://127.0.0.1:8081", "log: ");

      customerId = Webshop.createCustomer(customers, "Ada", "1 Loop", 100);
      String orderId = Webshop.placeOrderWhenReplicated(orders, customerId, FLOW);
      await()
          .atMost(FLOW)
          .until(() -> orders.get("/orders/" + orderId).text("status").equals("CONFIRMED"));

      Run status = outbox("status");
      assertThat(status.exit()).as(status.output()).isZero();
      assertThat(status.output())
          .containsPattern("customers-relay +UP")
          .containsPattern("orders-relay +UP")
          .containsPattern("customer-app +UP")
          .containsPattern("order-app +UP");

      // SIGKILL the customers' relay: the supervisor restarts it and nothing is lost.
      long relayPid = up.childPid("customers-relay");
      ProcessHandle.of(relayPid).orElseThrow().destroyForcibly();
      await()
          .atMost(FLOW)
          .until(() -> ProcessHandle.of(relayPid).filter(ProcessHandle::isAlive).isEmpty());
      Http.Answer renamed =
          customers.put(
              "/customers/" + customerId,
              Map.of(
                  "name",
                  "Ada L.",
                  "email",
                  "ada@example.com",
                  "address",
                  "1 Loop",
                  "creditLimit",
                  100));
      assertThat(renamed.status()).isEqualTo(200);
      up.awaitLine(
          l -> l.startsWith("customers-relay died (pid " + relayPid + ", killed by signal 9)"),
          FLOW);
      up.awaitLine(l -> l.startsWith("customers-relay restarted"), FLOW);
      await().atMost(FLOW).until(() -> up.childPid("customers-relay") != relayPid);
      long restartedPid = up.childPid("customers-relay");
      await()
          .atMost(FLOW)
          .ignoreExceptions() // refused while the new relay starts
          .until(
              () -> new Http(URI.create("http://127.0.0.1:8091")).get("/health").status() == 200);
      assertThat(ProcessHandle.of(restartedPid))
          .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
      // The rename, committed while the relay was dead, reaches order-app's replica.
      await().atMost(FLOW).until(() -> "Ada L.".equals(replicaName(customerId)));

      processes.addAll(up.childPids().values());
      assertThat(up.childPids()).containsKeys("postgres", "kafka");
      assertThat(up.childPid("postgres")).isEqualTo(up.postmasterPid());
      processes.add(up.pid());
      assertThat(up.terminate(Duration.ofSeconds(30))).isZero();
      assertThat(up.lines()).anyMatch(l -> l.startsWith("stopped"));
    }
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertThat(processes)
                    .allMatch(
                        pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()));

    try (UpProcess again = UpProcess.start(state)) {
      again.awaitReady(READY);
      Http.Answer kept = customers.get("/customers/" + customerId);
      assertThat(kept.status()).isEqualTo(200);
      assertThat(kept.text("name")).isEqualTo("Ada L.");
      assertThat(again.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  /** What a CLI run printed and its exit code. */
  private record Run(int exit, String output) {}

  private static Run outbox(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(UpProcess.ROOT.resolve("bin/outbox").toString()));
    command.addAll(List.of(args));
    Path output = java.nio.file.Files.createTempFile("outbox-cli-", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String text = java.nio.file.Files.readString(output);
    System.out.println("$ bin/outbox " + String.join(" ", args) + "\n" + text);
    return new Run(process.exitValue(), text);
  }

  private static String replicaName(String customerId) throws Exception {
    try (var c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:15432/orders", "postgres", "postgres");
        var st = c.prepareStatement("SELECT name FROM customer_replica WHERE id = ?::uuid")) {
      st.setString(1, customerId);
      try (var rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
