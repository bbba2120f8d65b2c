package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The platform at width under faults: {@code bin/outbox up --instances customer-app=2,order-app=3
 * --standby-relays} (each app's instances one consumer group over topics of 3 partitions, a standby
 * beside each relay), a continuous mixed load through every instance (customers created, updated
 * through one instance after being read through another, orders placed), and, while it runs, app
 * instances and the active relays killed with SIGKILL in turn ({@code up} starts each again, so
 * every kill is also a new instance joining its group mid-load). Then, once the load stops:
 *
 * <ul>
 *   <li>order-app's replica equals the customer table in every column;
 *   <li>no order is left pending, and every customer's reserved credit is the sum of its confirmed
 *       orders;
 *   <li>every write that was acknowledged is there;
 *   <li>every event of each outbox has exactly one inbox row at its consumer.
 * </ul>
 *
 * It prints the kills, the rebalances the instances logged, the duplicates their inboxes absorbed
 * and the time to converge.
 */
@Order(6)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformWidthIT {

  private static final Duration READY = Duration.ofMinutes(5);
  private static final Duration RECOVERY = Duration.ofMinutes(3);
  private static final Duration CONVERGENCE = Duration.ofMinutes(4);

  private static final List<URI> CUSTOMER_APPS =
      List.of(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8181"));
  private static final List<URI> ORDER_APPS =
      List.of(
          URI.create("http://127.0.0.1:8082"),
          URI.create("http://127.0.0.1:8182"),
          URI.create("http://127.0.0.1:8282"));

  /** Every process of the run: PostgreSQL, Kafka, 2 + 3 app instances, 2 + 2 relays. */
  private static final int PROCESSES = 11;

  private Path state;
  private UpProcess up;
  private final Sql sql = Sql.ofLocalRun();

  @BeforeAll
  void start() throws IOException {
    state = Files.createTempDirectory("outbox-width-");
    up =
        UpProcess.start(
            state, "--fresh", "--instances", "customer-app=2,order-app=3", "--standby-relays");
    up.awaitReady(READY);
  }

  @AfterAll
  void stop() throws Exception {
    if (up != null) {
      assertThat(up.terminate(Duration.ofSeconds(90))).isZero();
      up.close();
    }
    try (Stream<Path> paths = Files.walk(state)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void instances_and_active_relays_killed_under_load_lose_nothing_and_apply_nothing_twice()
      throws Exception {
    List<String> seeded = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      seeded.add(createCustomer(CUSTOMER_APPS.get(i % 2), "Seed " + i, 1_000_000));
    }
    await()
        .atMost(RECOVERY)
        .until(
            () -> sql.count(ServiceDatabase.ORDERS, "SELECT count(*) FROM customer_replica") >= 20);

    List<String> kills = new ArrayList<>();
    try (Load load = new Load(seeded)) {
      load.start();
      await().atMost(RECOVERY).until(() -> load.progress() >= 20);
      List<String> victims =
          List.of(
              "order-app-2",
              "active customers relay",
              "customer-app",
              "active orders relay",
              "order-app",
              "customer-app-2",
              "order-app-3",
              "active customers relay");
      for (String victim : victims) {
        String name = victim.startsWith("active ") ? activeRelay(victim.split(" ")[1]) : victim;
        int from = up.lines().size();
        long pid = up.childPid(name);
        kill(pid);
        kills.add(name + " (pid " + pid + ")");
        up.awaitLine(
            l -> l.startsWith(name + " died (pid " + pid + ", killed by signal 9)"), RECOVERY);
        up.awaitLineAfter(
            from,
            l -> l.startsWith("ready again: all " + PROCESSES + " processes healthy"),
            RECOVERY);
        int before = load.progress();
        await().atMost(RECOVERY).until(() -> load.progress() >= before + 10);
      }
      load.close();
      long stopped = System.nanoTime();

      await()
          .atMost(CONVERGENCE)
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertConverged(load));
      double converged = (System.nanoTime() - stopped) / 1e9;

      System.out.printf(
          "%n=== width: 2 customer-app, 3 order-app, standby relays; %d kills: %s%n"
              + "    acknowledged: %d customers created, %d updates, %d orders placed; %d requests"
              + " refused or failed (a killed instance's, or a stale If-Match)%n"
              + "    rebalances logged (partition assignments): %s%n"
              + "    duplicates absorbed by the inboxes: %s%n"
              + "    converged %.1f s after the load stopped%n===%n",
          kills.size(),
          String.join(", ", kills),
          load.created.size(),
          load.updated.get(),
          load.orders.size(),
          load.failed.get(),
          assignments(),
          sql.rows(
                  ServiceDatabase.ORDERS,
                  "SELECT consumer, value FROM consumer_counter WHERE counter = 'duplicate'")
              + " "
              + sql.rows(
                  ServiceDatabase.CUSTOMERS,
                  "SELECT consumer, value FROM consumer_counter WHERE counter = 'duplicate'"),
          converged);
      assertStatusShowsEveryInstance();
    }
  }

  /**
   * {@code bin/outbox status} reads the run's process list: every instance and relay, one active
   * relay per database beside a standby, the order-app instances holding all of customer.events'
   * partitions between them.
   */
  private void assertStatusShowsEveryInstance() throws Exception {
    BinOutbox status = BinOutbox.run("status", "--json", "--state-dir=" + state);
    assertThat(status.exit()).as(status.output()).isZero();
    com.fasterxml.jackson.databind.JsonNode report =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(status.output().substring(status.output().indexOf('{')));
    Map<String, com.fasterxml.jackson.databind.JsonNode> processes = new HashMap<>();
    report.get("processes").forEach(p -> processes.put(p.get("name").asText(), p));
    assertThat(processes.keySet())
        .contains(
            "customer-app",
            "customer-app-2",
            "order-app",
            "order-app-2",
            "order-app-3",
            "customers-relay",
            "customers-relay-standby",
            "orders-relay",
            "orders-relay-standby");
    for (String database : List.of("customers", "orders")) {
      assertThat(
              Stream.of(database + "-relay", database + "-relay-standby")
                  .map(name -> processes.get(name).path("role").asText())
                  .sorted()
                  .toList())
          .as("roles of the %s relays", database)
          .containsExactly("active", "standby");
    }
    Set<String> held = new HashSet<>();
    for (String name : List.of("order-app", "order-app-2", "order-app-3")) {
      processes.get(name).path("partitions").forEach(p -> held.add(p.asText()));
    }
    assertThat(held).contains("customer.events-0", "customer.events-1", "customer.events-2");
  }

  private void assertConverged(Load load) {
    // Every acknowledged customer and order is there.
    Set<String> customers =
        new HashSet<>(ids(ServiceDatabase.CUSTOMERS, "SELECT id FROM customer"));
    assertThat(customers).containsAll(load.created).containsAll(load.seeded);
    Set<String> orders =
        new HashSet<>(ids(ServiceDatabase.ORDERS, "SELECT id FROM purchase_order"));
    assertThat(orders).containsAll(load.orders);

    // The replica equals the customer table in every column.
    String columns =
        "id, name, email, address, credit_limit, reserved_credit, version, created_at, updated_at,"
            + " deleted_at";
    assertThat(
            sql.rows(
                ServiceDatabase.ORDERS, "SELECT " + columns + " FROM customer_replica ORDER BY id"))
        .isEqualTo(
            sql.rows(
                ServiceDatabase.CUSTOMERS, "SELECT " + columns + " FROM customer ORDER BY id"));

    // No order is left pending; reserved credit is the sum of each customer's confirmed orders.
    assertThat(
            sql.count(
                ServiceDatabase.ORDERS,
                "SELECT count(*) FROM purchase_order WHERE status = 'PENDING'"))
        .isZero();
    assertThat(
            sql.rows(
                ServiceDatabase.CUSTOMERS,
                "SELECT id, reserved_credit FROM customer WHERE reserved_credit > 0 ORDER BY id"))
        .isEqualTo(
            sql.rows(
                ServiceDatabase.ORDERS,
                "SELECT customer_id AS id, sum(total) AS reserved_credit FROM purchase_order"
                    + " WHERE status = 'CONFIRMED' GROUP BY customer_id ORDER BY customer_id"));

    // Every event of each outbox has exactly one inbox row at its consumer (the inbox's key is
    // (consumer, event_id), so a second row cannot exist; none may be missing either).
    assertOneInboxRowPerEvent(ServiceDatabase.CUSTOMERS, ServiceDatabase.ORDERS);
    assertOneInboxRowPerEvent(ServiceDatabase.ORDERS, ServiceDatabase.CUSTOMERS);
  }

  /**
   * Every event of {@code source}'s outbox has its inbox row at the consumer (the inbox's key is
   * (consumer, event_id), so a second row cannot exist); the consumer's other rows are events of
   * its own database's outbox that the shared topic {@code outbox.backfill.events} brings back to
   * it (its replica's BackfillRequested).
   */
  private void assertOneInboxRowPerEvent(ServiceDatabase source, ServiceDatabase consumerDb) {
    List<String> consumers =
        ids(consumerDb, "SELECT DISTINCT consumer AS id FROM inbox ORDER BY consumer");
    assertThat(consumers).as("one consumer group per app").hasSize(1);
    Set<String> events = new HashSet<>(ids(source, "SELECT id FROM outbox"));
    Set<String> applied =
        new HashSet<>(
            ids(
                consumerDb,
                "SELECT event_id AS id FROM inbox WHERE consumer = '" + consumers.get(0) + "'"));
    Set<String> missing = new HashSet<>(events);
    missing.removeAll(applied);
    assertThat(missing)
        .as("events of %s with no inbox row at %s", source, consumers.get(0))
        .isEmpty();
    Set<String> extra = new HashSet<>(applied);
    extra.removeAll(events);
    extra.removeAll(
        ids(consumerDb, "SELECT id FROM outbox WHERE aggregate_type = 'outbox.backfill'"));
    assertThat(extra).as("inbox rows of %s that no outbox holds", consumers.get(0)).isEmpty();
  }

  private List<String> ids(ServiceDatabase db, String query) {
    return sql.rows(db, query).stream().map(r -> r.substring(r.indexOf('=') + 1)).toList();
  }

  /** The relay of {@code database} that says it is active. */
  private static String activeRelay(String database) {
    int port = database.equals("customers") ? 8091 : 8092;
    return await()
        .atMost(RECOVERY)
        .until(
            () -> {
              for (String name : List.of(database + "-relay", database + "-relay-standby")) {
                int at = name.endsWith("standby") ? port + 100 : port;
                try {
                  Http.Answer health =
                      new Http(URI.create("http://127.0.0.1:" + at)).get("/health");
                  if ("active".equals(health.text("role")) && "UP".equals(health.text("status"))) {
                    return name;
                  }
                } catch (RuntimeException e) {
                  // not answering: not the active one
                }
              }
              return null;
            },
            name -> name != null);
  }

  private static void kill(long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  /** How many partition assignments each app instance logged, from its log file. */
  private Map<String, Long> assignments() throws IOException {
    Map<String, Long> counts = new HashMap<>();
    try (Stream<Path> logs = Files.list(state.resolve("logs"))) {
      for (Path log : logs.filter(p -> p.getFileName().toString().contains("-app")).toList()) {
        try (Stream<String> lines = Files.lines(log)) {
          counts.put(
              log.getFileName().toString(),
              lines.filter(l -> l.contains("partitions assigned")).count());
        }
      }
    }
    return counts;
  }

  private static String createCustomer(URI app, String name, int creditLimit) {
    Http.Answer created =
        new Http(app)
            .post(
                "/customers",
                Map.of(
                    "name",
                    name,
                    "email",
                    name.replace(' ', '.') + "@example.com",
                    "address",
                    "1 Wide Street",
                    "creditLimit",
                    creditLimit));
    assertThat(created.status()).as("POST /customers %s", created.body()).isEqualTo(201);
    return created.text("id");
  }

  /**
   * The mixed load, through every instance in turn: a customer created every 100 ms; a customer
   * read through one customer-app instance and updated through the other with the version it read
   * (a 409 when another write came first: optimistic versions across instances) every 60 ms; an
   * order for a seeded customer (whose credit limit no order reaches) every 60 ms. Remembers what
   * was acknowledged.
   */
  private static final class Load implements AutoCloseable {
    final List<String> seeded;
    final Set<String> created = ConcurrentHashMap.newKeySet();
    final Set<String> orders = ConcurrentHashMap.newKeySet();
    final AtomicInteger updated = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> known = new CopyOnWriteArrayList<>();
    private final List<Http> customerApps = CUSTOMER_APPS.stream().map(Http::new).toList();
    private final List<Http> orderApps = ORDER_APPS.stream().map(Http::new).toList();
    private final ScheduledExecutorService executor =
        Executors.newScheduledThreadPool(
            3,
            r -> {
              Thread t = new Thread(r, "width-load");
              t.setDaemon(true);
              return t;
            });

    Load(List<String> seeded) {
      this.seeded = List.copyOf(seeded);
      this.known.addAll(seeded);
    }

    void start() {
      executor.scheduleWithFixedDelay(() -> guard(this::create), 0, 100, TimeUnit.MILLISECONDS);
      executor.scheduleWithFixedDelay(() -> guard(this::update), 0, 60, TimeUnit.MILLISECONDS);
      executor.scheduleWithFixedDelay(() -> guard(this::order), 0, 60, TimeUnit.MILLISECONDS);
    }

    /** Writes acknowledged so far. */
    int progress() {
      return created.size() + updated.get() + orders.size();
    }

    private void guard(Runnable write) {
      try {
        write.run();
      } catch (RuntimeException e) {
        failed.incrementAndGet(); // an instance killed mid-request, or still starting
      }
    }

    private void create() {
      int n = sent.incrementAndGet();
      Http.Answer answer =
          customerApps
              .get(n % customerApps.size())
              .post(
                  "/customers",
                  Map.of(
                      "name", "Wide " + n,
                      "email", "wide" + n + "@example.com",
                      "address", n + " Wide Street",
                      "creditLimit", 500));
      if (answer.status() == 201) {
        created.add(answer.text("id"));
        known.add(answer.text("id"));
      } else {
        failed.incrementAndGet();
      }
    }

    private void update() {
      int n = sent.incrementAndGet();
      String id = known.get(ThreadLocalRandom.current().nextInt(known.size()));
      Http reader = customerApps.get(n % customerApps.size());
      Http writer = customerApps.get((n + 1) % customerApps.size());
      Http.Answer read = reader.get("/customers/" + id);
      if (read.status() != 200) {
        failed.incrementAndGet();
        return;
      }
      Map<String, Object> body = new HashMap<>();
      body.put("name", read.text("name"));
      body.put("email", read.text("email"));
      body.put("address", n + " Moved Street");
      body.put("creditLimit", read.body().get("creditLimit").decimalValue());
      body.put("version", read.body().get("version").asLong());
      Http.Answer answer = writer.put("/customers/" + id, body);
      if (answer.status() == 200) {
        updated.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
    }

    private void order() {
      int n = sent.incrementAndGet();
      String customer = seeded.get(ThreadLocalRandom.current().nextInt(seeded.size()));
      Http.Answer answer =
          orderApps
              .get(n % orderApps.size())
              .post(
                  "/orders",
                  Map.of(
                      "customerId",
                      customer,
                      "lines",
                      List.of(
                          Map.of("sku", "W-" + (n % 7), "quantity", 1 + n % 3, "unitPrice", 5))));
      if (answer.status() == 201) {
        orders.add(answer.text("id"));
      } else {
        failed.incrementAndGet();
      }
    }

    @Override
    public void close() throws InterruptedException {
      if (!executor.isShutdown()) {
        executor.shutdown();
        assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      }
    }
  }
}
