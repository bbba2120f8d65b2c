package dev.outbox.order;

import static dev.outbox.order.store.jooq.Tables.CUSTOMER_REPLICA;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.support.CloudEventRecords;
import dev.outbox.order.events.CustomerCreated;
import dev.outbox.order.events.CustomerDeleted;
import dev.outbox.order.events.CustomerEvent;
import dev.outbox.order.events.CustomerState;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.jooq.CloseableDSLContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * An order-app started on the shared test stack exactly as production starts it, on a free port,
 * with its own consumer name and its own customer topic (so that tests never see each other's
 * records), plus an HTTP client, a Kafka producer and a SQL view of its database.
 */
public final class OrderAppFixture implements AutoCloseable {

  /** How long a test waits for the consumer. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private final OrderApp app;
  private final HttpClient http = HttpClient.newHttpClient();
  private final CloseableDSLContext sql;
  private final String customerTopic;
  private final CloudEventRecords records;

  private OrderAppFixture(
      OrderApp app, CloseableDSLContext sql, String customerTopic, CloudEventRecords records) {
    this.app = app;
    this.sql = sql;
    this.customerTopic = customerTopic;
    this.records = records;
  }

  /** Starts the app with a consumer and a topic that no other test uses. */
  public static OrderAppFixture start(OutboxStack stack) {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    String topic = "customer.events." + unique;
    DbLogin login = stack.appLogin(ServiceDatabase.ORDERS);
    String url = stack.jdbcUrl(ServiceDatabase.ORDERS);
    OrderAppConfig config =
        OrderAppConfig.fromEnvironment(
            Map.of(
                "ORDER_APP_HTTP_PORT",
                "0",
                "ORDER_APP_DB_URL",
                url,
                "ORDER_APP_DB_USER",
                login.user(),
                "ORDER_APP_DB_PASSWORD",
                login.password(),
                "ORDER_APP_DB_POOL_SIZE",
                "4",
                "ORDER_APP_KAFKA_BOOTSTRAP",
                stack.kafkaBootstrapServers(),
                "ORDER_APP_CONSUMER_NAME",
                "order-app.test." + unique,
                "ORDER_APP_CUSTOMER_TOPIC",
                topic,
                "ORDER_APP_CONSUMER_MAX_ATTEMPTS",
                "2"));
    OrderApp app = OrderApp.start(config);
    return new OrderAppFixture(
        app,
        DSL.using(url, login.user(), login.password()),
        topic,
        new CloudEventRecords(stack.kafkaBootstrapServers()));
  }

  public OrderApp app() {
    return app;
  }

  /** SQL on the orders database, as the app's role. */
  public DSLContext sql() {
    return sql;
  }

  public String customerTopic() {
    return customerTopic;
  }

  public String consumerName() {
    return app.config().consumerName();
  }

  public CloudEventRecords records() {
    return records;
  }

  /** Publishes a customer event as customer-app's relay would, with a fresh event id. */
  public void publish(CustomerEvent event) {
    records.send(
        CloudEventRecords.record(
            customerTopic,
            CustomerEvent.AGGREGATE_TYPE,
            event.customerId().toString(),
            event.version(),
            event));
  }

  /** A customer state at {@code version}, as customer-app would publish it. */
  public static CustomerState customer(UUID id, long version, String creditLimit) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return new CustomerState(
        id,
        "Customer " + id.toString().substring(0, 8),
        "c" + version + "@example.com",
        "Street " + version,
        new BigDecimal(creditLimit),
        new BigDecimal("0.00"),
        version,
        now,
        now,
        null);
  }

  /** Publishes CustomerCreated and waits until the replica has it. */
  public UUID knownCustomer() {
    UUID id = UUID.randomUUID();
    publish(new CustomerCreated(customer(id, 1, "1000.00")));
    awaitReplicaVersion(id, 1);
    return id;
  }

  /** Publishes CustomerCreated then CustomerDeleted and waits until the replica has both. */
  public UUID deletedCustomer() {
    UUID id = knownCustomer();
    CustomerState state = customer(id, 2, "1000.00");
    publish(
        new CustomerDeleted(
            new CustomerState(
                id,
                state.name(),
                state.email(),
                state.address(),
                state.creditLimit(),
                state.reservedCredit(),
                2,
                state.createdAt(),
                state.updatedAt(),
                state.updatedAt())));
    awaitReplicaVersion(id, 2);
    return id;
  }

  public void awaitReplicaVersion(UUID id, long version) {
    await().atMost(WAIT).until(() -> replicaVersion(id) == version);
  }

  public long replicaVersion(UUID id) {
    return sql.select(CUSTOMER_REPLICA.VERSION)
        .from(CUSTOMER_REPLICA)
        .where(CUSTOMER_REPLICA.ID.eq(id))
        .fetchOptional(CUSTOMER_REPLICA.VERSION)
        .orElse(0L);
  }

  public HttpResponse<String> send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.baseUri() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> post(String path, String body) {
    return send("POST", path, body);
  }

  public HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  /** Number of rows in a table, e.g. to prove that nothing was written. */
  public int count(String table) {
    return sql.fetchCount(DSL.table(DSL.name(table)));
  }

  @Override
  public void close() {
    records.close();
    app.close();
    sql.close();
  }
}
