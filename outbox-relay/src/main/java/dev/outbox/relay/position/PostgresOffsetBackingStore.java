package dev.outbox.relay.position;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine's offsets in the {@code relay_offset} table of the source database, one row per
 * offset key of the slot, the value as {@code jsonb}: the position is readable with SQL and lives
 * and dies with the data it describes.
 *
 * <p>Debezium's own JDBC store does not fit: it keeps a history of rows with its own column names.
 * The engine instantiates this class by name and configures it with the {@code
 * offset.storage.relay.*} properties.
 */
public final class PostgresOffsetBackingStore extends MemoryOffsetBackingStore {

  public static final String URL = "offset.storage.relay.url";
  public static final String USER = "offset.storage.relay.user";
  public static final String PASSWORD = "offset.storage.relay.password";
  public static final String SLOT = "offset.storage.relay.slot";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresOffsetBackingStore.class);

  private String url;
  private String user;
  private String password;
  private String slot;
  private Connection connection;

  @Override
  public void configure(WorkerConfig config) {
    super.configure(config);
    Map<String, String> props = config.originalsStrings();
    url = require(props, URL);
    user = require(props, USER);
    password = require(props, PASSWORD);
    slot = require(props, SLOT);
  }

  private static String require(Map<String, String> props, String key) {
    return Objects.requireNonNull(props.get(key), () -> key + " is not configured");
  }

  @Override
  public synchronized void start() {
    super.start();
    try (PreparedStatement select =
        connection()
            .prepareStatement(
                "SELECT offset_key, offset_value::text FROM relay_offset WHERE slot_name = ?")) {
      select.setString(1, slot);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          data.put(bytes(rs.getString(1)), bytes(rs.getString(2)));
        }
      }
      LOG.info("OffsetStore - slot {}: {} stored offset(s) loaded", slot, data.size());
    } catch (SQLException e) {
      closeConnection();
      throw new ConnectException("Could not read relay_offset for slot " + slot, e);
    }
  }

  @Override
  public synchronized void stop() {
    super.stop();
    closeConnection();
  }

  /** Writes every offset in one transaction; a failure fails the engine's commit, which retries. */
  @Override
  protected synchronized void save() {
    try {
      Connection c = connection();
      c.setAutoCommit(false);
      try (PreparedStatement upsert =
              c.prepareStatement(
                  "INSERT INTO relay_offset (slot_name, offset_key, offset_value, updated_at)"
                      + " VALUES (?, ?, ?::jsonb, now())"
                      + " ON CONFLICT (slot_name, offset_key)"
                      + " DO UPDATE SET offset_value = EXCLUDED.offset_value, updated_at = now()");
          PreparedStatement delete =
              c.prepareStatement(
                  "DELETE FROM relay_offset WHERE slot_name = ? AND offset_key = ?")) {
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
          if (entry.getValue() == null) {
            delete.setString(1, slot);
            delete.setString(2, text(entry.getKey()));
            delete.addBatch();
          } else {
            upsert.setString(1, slot);
            upsert.setString(2, text(entry.getKey()));
            upsert.setString(3, text(entry.getValue()));
            upsert.addBatch();
          }
        }
        upsert.executeBatch();
        delete.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      closeConnection();
      throw new ConnectException("Could not store the offsets of slot " + slot, e);
    }
  }

  /** The engine never lists partitions of an embedded connector; Kafka Connect's REST API does. */
  @Override
  public Set<Map<String, Object>> connectorPartitions(String connectorName) {
    return Set.of();
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      Properties props = new Properties();
      props.setProperty("user", user);
      props.setProperty("password", password);
      props.setProperty("ApplicationName", "outbox-relay offsets " + slot);
      props.setProperty("connectTimeout", "5");
      props.setProperty("socketTimeout", "30");
      connection = DriverManager.getConnection(url, props);
    }
    return connection;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("OffsetStore - closing the connection failed", e);
      }
      connection = null;
    }
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
