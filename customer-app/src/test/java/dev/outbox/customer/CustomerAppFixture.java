package dev.outbox.customer;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.jooq.CloseableDSLContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A customer-app started on the shared test stack exactly as production starts it, on a free port,
 * with its own consumer name and its own order topic (so that tests never see each other's
 * records), plus an HTTP client and a SQL view of its database for assertions.
 */
public final class CustomerAppFixture implements AutoCloseable {

  private final CustomerApp app;
  private final HttpClient http = HttpClient.newHttpClient();
  private final CloseableDSLContext sql;
  private final String orderTopic;

  private CustomerAppFixture(CustomerApp app, CloseableDSLContext sql, String orderTopic) {
    this.app = app;
    this.sql = sql;
    this.orderTopic = orderTopic;
  }

  /** Starts the app with a consumer and a topic that no other test uses. */
  public static CustomerAppFixture start(OutboxStack stack, int maxAttempts) {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    String topic = "order.events." + unique;
    DbLogin login = stack.appLogin(ServiceDatabase.CUSTOMERS);
    String url = stack.jdbcUrl(ServiceDatabase.CUSTOMERS);
    CustomerAppConfig config =
        CustomerAppConfig.fromEnvironment(
            Map.of(
                "CUSTOMER_APP_HTTP_PORT",
                "0",
                "CUSTOMER_APP_DB_URL",
                url,
                "CUSTOMER_APP_DB_USER",
                login.user(),
                "CUSTOMER_APP_DB_PASSWORD",
                login.password(),
                "CUSTOMER_APP_DB_POOL_SIZE",
                "4",
                "CUSTOMER_APP_KAFKA_BOOTSTRAP",
                stack.kafkaBootstrapServers(),
                "CUSTOMER_APP_CONSUMER_NAME",
                "customer-app.test." + unique,
                "CUSTOMER_APP_ORDER_TOPIC",
                topic,
                "CUSTOMER_APP_CONSUMER_MAX_ATTEMPTS",
                Integer.toString(maxAttempts)));
    CustomerApp app = CustomerApp.start(config);
    return new CustomerAppFixture(app, DSL.using(url, login.user(), login.password()), topic);
  }

  public CustomerApp app() {
    return app;
  }

  /** SQL on the customers database, as the app's role. */
  public DSLContext sql() {
    return sql;
  }

  /** The topic the app consumes order events from. */
  public String orderTopic() {
    return orderTopic;
  }

  public String consumerName() {
    return app.config().consumerName();
  }

  public HttpResponse<String> send(String method, String path, String body, String... headers) {
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
    if (headers.length > 0) {
      request.headers(headers);
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
    app.close();
    sql.close();
  }
}
