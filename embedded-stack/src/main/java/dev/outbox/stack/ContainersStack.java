package dev.outbox.stack;

import dev.outbox.reference.db.ClusterSetup;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.PgServer;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** PostgreSQL 17 and Apache Kafka in containers, for machines with a Docker engine. */
final class ContainersStack implements OutboxStack {

  static final String POSTGRES_IMAGE = "postgres:17";
  static final String KAFKA_IMAGE = "apache/kafka:4.3.0";

  private final PostgreSQLContainer<?> postgresContainer;
  private final KafkaContainer kafkaContainer;
  private final ClusterSetup cluster;

  private ContainersStack(
      PostgreSQLContainer<?> postgres, KafkaContainer kafka, Map<String, String> passwords) {
    this.postgresContainer = postgres;
    this.kafkaContainer = kafka;
    this.cluster = new ClusterSetup(postgres(), passwords);
  }

  /** Whether a Docker engine answers here. */
  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  static ContainersStack start(Map<String, String> passwords) {
    if (!dockerAvailable()) {
      throw new StackException(
          "OUTBOX_STACK=containers needs a Docker engine, and none answers here. Use"
              + " OUTBOX_STACK=embedded (the default), or OUTBOX_STACK=external with servers of"
              + " your own.");
    }
    PostgreSQLContainer<?> pg =
        new PostgreSQLContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
            .withCommand(
                "postgres",
                "-c",
                "wal_level=logical",
                "-c",
                "max_replication_slots=16",
                "-c",
                "max_wal_senders=16");
    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
    try {
      pg.start();
      kafka.start();
      return new ContainersStack(pg, kafka, passwords);
    } catch (RuntimeException e) {
      kafka.stop();
      pg.stop();
      throw new StackException("The containers stack could not start: " + e.getMessage(), e);
    }
  }

  @Override
  public StackMode mode() {
    return StackMode.CONTAINERS;
  }

  @Override
  public PgServer postgres() {
    return new PgServer(
        postgresContainer.getHost(),
        postgresContainer.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
        new DbLogin(postgresContainer.getUsername(), postgresContainer.getPassword()));
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafkaContainer.getBootstrapServers();
  }

  @Override
  public ClusterSetup cluster() {
    return cluster;
  }

  @Override
  public void close() {
    kafkaContainer.stop();
    postgresContainer.stop();
  }
}
