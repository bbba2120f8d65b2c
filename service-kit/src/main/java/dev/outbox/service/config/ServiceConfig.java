package dev.outbox.service.config;

import dev.outbox.client.housekeeping.TableRetention;
import dev.outbox.config.Database;
import java.time.Duration;
import java.util.Objects;

/**
 * The common settings of a service as read ({@link ServiceSettings#read}). Its {@link #toString()}
 * is the effective configuration of the whole service with every secret masked, the password in a
 * JDBC URL's query included: the start-up log line.
 *
 * @param service the service's name, such as {@code customer-app}
 * @param database where its database is and the role it logs in as
 * @param poolSize connections in its pool
 * @param outboxValidate whether each event it appends is validated against its schema first
 * @param consumerSessionTimeout its consumer's Kafka session timeout: the failover time after a
 *     kill
 * @param consumerFreshnessObjective the most an event should take from its source commit until the
 *     view shows it, which its consumer's meters count the events against
 * @param retention how long its consumer keeps inbox rows and resolved dead letters
 * @param description {@code Settings.describe()} of everything the service read
 */
public record ServiceConfig(
    String service,
    int httpPort,
    int httpThreads,
    Database database,
    int poolSize,
    boolean outboxValidate,
    String kafkaBootstrap,
    String consumerName,
    int consumerMaxAttempts,
    int consumerBatchSize,
    Duration consumerSessionTimeout,
    Duration consumerFreshnessObjective,
    TableRetention retention,
    String description) {

  public ServiceConfig {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    Objects.requireNonNull(consumerName, "consumerName");
    Objects.requireNonNull(consumerSessionTimeout, "consumerSessionTimeout");
    Objects.requireNonNull(consumerFreshnessObjective, "consumerFreshnessObjective");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(description, "description");
  }

  @Override
  public String toString() {
    return description;
  }
}
