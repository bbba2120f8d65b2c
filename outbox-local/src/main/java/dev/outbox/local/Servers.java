package dev.outbox.local;

import dev.outbox.reference.db.ClusterSetup;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.PgServer;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;

/**
 * The PostgreSQL and Kafka the apps and relays of the local run use, whoever runs them.
 *
 * @param postgres the server, reached as its administrator
 * @param cluster the roles and passwords of the service databases
 * @param kafkaBootstrap the Kafka bootstrap servers
 */
public record Servers(PgServer postgres, ClusterSetup cluster, String kafkaBootstrap) {

  public static Servers of(OutboxStack stack) {
    return new Servers(stack.postgres(), stack.cluster(), stack.kafkaBootstrapServers());
  }

  public String jdbcUrl(ServiceDatabase db) {
    return postgres.jdbcUrl(db.databaseName());
  }

  public DbLogin appLogin(ServiceDatabase db) {
    return cluster.login(db.appRole());
  }

  public DbLogin relayLogin(ServiceDatabase db) {
    return cluster.login(db.relayRole());
  }
}
