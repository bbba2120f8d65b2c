package dev.outbox.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbox.client.support.CloudEventRecords;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An app started on the test stack exactly as production starts it, from its environment variables:
 * on a free port, with a consumer name and a topic that no other test uses (so that tests never see
 * each other's records). It gives an HTTP client, a SQL view of the app's database as the app's
 * role, and a producer of records as a relay publishes them. Closing it stops the app.
 *
 * @param <A> the app's handle; closing it stops the app
 */
public class AppFixture<A extends AutoCloseable> implements AutoCloseable {

  /** How long a test waits for the app's consumer. */
  public static final Duration WAIT = Duration.ofMinutes(2);

  /**
   * What an app is to its fixture.
   *
   * @param service its name, such as {@code customer-app}: its test consumers are {@code
   *     <service>.test.<unique>}
   * @param prefix the prefix of its variables, such as {@code CUSTOMER_APP_}
   * @param database its database
   * @param topicVariable the variable of the topic it consumes, such as {@code
   *     CUSTOMER_APP_ORDER_TOPIC}
   * @param topic the topic's name in production; tests use {@code <topic>.<unique>}
   */
  public record App(
      String service, String prefix, ServiceDatabase database, String topicVariable, String topic) {

    public App {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(topicVariable, "topicVariable");
      Objects.requireNonNull(topic, "topic");
    }
  }

  private final A app;
  private final HttpTestClient http;
  private final DSLContext sql;
  private final CloudEventRecords records;
  private final String consumerName;
  private final String topic;
  private final Map<String, String> environment;

  /**
   * Starts the app.
   *
   * @param maxAttempts its consumer's attempts before it parks an event
   * @param start starts the app from its environment variables (its {@code main} minus the process)
   * @param baseUri where the started app answers HTTP
   */
  protected AppFixture(
      OutboxStack stack,
      App spec,
      int maxAttempts,
      Function<Map<String, String>, A> start,
      Function<A, URI> baseUri) {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    this.consumerName = spec.service() + ".test." + unique;
    this.topic = spec.topic() + "." + unique;
    this.environment = environment(stack, spec, consumerName, topic, maxAttempts);
    DbLogin login = stack.appLogin(spec.database());
    // A connection per query: the view survives a restart of the server, as the app does.
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setUrl(stack.jdbcUrl(spec.database()));
    database.setUser(login.user());
    database.setPassword(login.password());
    this.app = start.apply(environment);
    this.http = new HttpTestClient(baseUri.apply(app));
    this.sql = DSL.using(database, SQLDialect.POSTGRES);
    this.records = new CloudEventRecords(stack.kafkaBootstrapServers());
  }

  /** The variables an app on the test stack is started with. */
  public static Map<String, String> environment(
      OutboxStack stack, App spec, String consumerName, String topic, int maxAttempts) {
    DbLogin login = stack.appLogin(spec.database());
    Map<String, String> env = new HashMap<>();
    env.put(spec.prefix() + "HTTP_PORT", "0");
    env.put(spec.prefix() + "DB_URL", stack.jdbcUrl(spec.database()));
    env.put(spec.prefix() + "DB_USER", login.user());
    env.put(spec.prefix() + "DB_PASSWORD", login.password());
    env.put(spec.prefix() + "DB_POOL_SIZE", "4");
    env.put(spec.prefix() + "KAFKA_BOOTSTRAP", stack.kafkaBootstrapServers());
    env.put(spec.prefix() + "CONSUMER_NAME", consumerName);
    env.put(spec.prefix() + "CONSUMER_MAX_ATTEMPTS", Integer.toString(maxAttempts));
    env.put(spec.topicVariable(), topic);
    return Map.copyOf(env);
  }

  public A app() {
    return app;
  }

  /** The variables the app was started with. */
  public Map<String, String> environment() {
    return environment;
  }

  public HttpTestClient http() {
    return http;
  }

  /** SQL on the app's database, as the app's role, a new connection per statement. */
  public DSLContext sql() {
    return sql;
  }

  /** A producer of records as a relay publishes them. */
  public CloudEventRecords records() {
    return records;
  }

  /** The name of the app's consumer (its Kafka group id and inbox consumer). */
  public String consumerName() {
    return consumerName;
  }

  /** The topic the app's consumer reads. */
  public String topic() {
    return topic;
  }

  public HttpResponse<String> send(String method, String path, String body, String... headers) {
    return http.send(method, path, body, headers);
  }

  public HttpResponse<String> get(String path) {
    return http.get(path);
  }

  public HttpResponse<String> post(String path, String body) {
    return http.post(path, body);
  }

  /**
   * Waits until {@code /health} says UP and returns that report. A freshly started app is DEGRADED
   * until its consumer first hears from Kafka ("not connected to Kafka yet").
   */
  public JsonNode awaitHealthUp() {
    return Awaitility.await("health UP")
        .atMost(WAIT)
        .until(
            () -> HttpTestClient.json(get("/health")),
            report -> "UP".equals(report.path("status").asText()));
  }

  /** Rows in a table, e.g. to prove that nothing was written. */
  public int count(String table) {
    return sql.fetchCount(DSL.table(DSL.name(table)));
  }

  /** Stops the app and the producer. */
  @Override
  public void close() {
    try {
      app.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      records.close();
    }
  }
}
