package dev.outbox.stack;

import dev.outbox.reference.db.ClusterSetup;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.PgServer;
import dev.outbox.reference.db.ServiceDatabase;
import java.util.Optional;

/**
 * A running PostgreSQL and Kafka, with the service databases prepared (roles, databases,
 * migrations). Closing it stops what it started; servers it did not start are left alone.
 */
public interface OutboxStack extends AutoCloseable {

  /** Where this stack's servers come from. */
  StackMode mode();

  /** The PostgreSQL server, reached as its administrator. */
  PgServer postgres();

  /** The Kafka bootstrap servers, {@code host:port[,host:port...]}. */
  String kafkaBootstrapServers();

  /** The roles and passwords of the service databases. */
  ClusterSetup cluster();

  /** Stop/start of PostgreSQL in place, when this stack owns it. */
  default Optional<ServerControl> postgresControl() {
    return Optional.empty();
  }

  /** Stop/start of the Kafka broker in place, when this stack owns it. */
  default Optional<ServerControl> kafkaControl() {
    return Optional.empty();
  }

  /** The JDBC URL of a service database. */
  default String jdbcUrl(ServiceDatabase db) {
    return postgres().jdbcUrl(db.databaseName());
  }

  /** The login of a service database's app role. */
  default DbLogin appLogin(ServiceDatabase db) {
    return cluster().login(db.appRole());
  }

  /** The login of a service database's relay role (REPLICATION, reads the outbox only). */
  default DbLogin relayLogin(ServiceDatabase db) {
    return cluster().login(db.relayRole());
  }

  /** Stops what this stack started. */
  @Override
  void close();
}
