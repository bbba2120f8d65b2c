package dev.outbox.customer.benchmark;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What PostgreSQL commits without the app: the transaction of {@code POST /customers} sent over
 * plain JDBC (the customer row and its {@code CustomerCreated} outbox row, as customer-app writes
 * them, in one transaction), each worker on its own connection as the app's login. The baseline the
 * app's writes are held to, measured in the same run on the same server.
 */
final class CommitLoop implements Load.Sessions {

  private static final String INSERT_CUSTOMER =
      "INSERT INTO customer (id, name, email, address, credit_limit, reserved_credit, version,"
          + " created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_OUTBOX =
      "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,"
          + " schema_version, payload, occurred_at, trace_parent)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)";
  private static final BigDecimal CREDIT_LIMIT = new BigDecimal("1500.50");
  private static final BigDecimal NO_CREDIT = new BigDecimal("0.00");

  private final String url;
  private final String user;
  private final String password;

  CommitLoop(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  @Override
  public Load.Session open() throws SQLException {
    Connection connection = DriverManager.getConnection(url, user, password);
    connection.setAutoCommit(false);
    return new Load.Session() {
      @Override
      public boolean call(long n) throws SQLException {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String name = "Customer " + n;
        String email = "jdbc-" + n + "@example.com";
        try (PreparedStatement customer = connection.prepareStatement(INSERT_CUSTOMER);
            PreparedStatement outbox = connection.prepareStatement(INSERT_OUTBOX)) {
          customer.setObject(1, id);
          customer.setString(2, name);
          customer.setString(3, email);
          customer.setString(4, HttpBenchmark.ADDRESS);
          customer.setBigDecimal(5, CREDIT_LIMIT);
          customer.setBigDecimal(6, NO_CREDIT);
          customer.setLong(7, 1);
          customer.setTimestamp(8, Timestamp.from(now));
          customer.setTimestamp(9, Timestamp.from(now));
          customer.setTimestamp(10, null);
          customer.executeUpdate();
          outbox.setObject(1, UUID.randomUUID());
          outbox.setString(2, "customer");
          outbox.setString(3, id.toString());
          outbox.setLong(4, 1);
          outbox.setString(5, "CustomerCreated");
          outbox.setInt(6, 1);
          outbox.setString(7, payload(id, name, email, now));
          outbox.setTimestamp(8, Timestamp.from(now));
          outbox.setString(9, null);
          outbox.executeUpdate();
          connection.commit();
          return true;
        } catch (SQLException e) {
          connection.rollback();
          throw e;
        }
      }

      @Override
      public void close() throws SQLException {
        connection.close();
      }
    };
  }

  /** The payload customer-app writes for {@code CustomerCreated}. */
  private static String payload(UUID id, String name, String email, Instant at) {
    return "{\"customer\":{\"id\":\""
        + id
        + "\",\"name\":\""
        + name
        + "\",\"email\":\""
        + email
        + "\",\"address\":\""
        + HttpBenchmark.ADDRESS
        + "\",\"creditLimit\":1500.50,\"reservedCredit\":0.00,\"version\":1,\"createdAt\":\""
        + at
        + "\",\"updatedAt\":\""
        + at
        + "\",\"deletedAt\":null}}";
  }
}
