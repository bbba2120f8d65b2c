package dev.outbox.relay;

import static dev.outbox.relay.fixture.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real backfill (platform V5's {@code backfill_step} over customer-app's {@code customer_state})
 * through a real relay: every snapshot becomes a record with {@code ce_snapshot: true} and {@code
 * ce_backfill: <id>}, and otherwise the record a live event of its row would be; a live event
 * committed between the steps carries neither header.
 */
@ExtendWith(OutboxStackExtension.class)
class SnapshotRecordsIT {

  private static final Duration STALL = Duration.ofMinutes(2);
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private final OutboxStack stack;
  private final RelayFixture fixture;

  SnapshotRecordsIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  /** A snapshot row of the outbox, as the step wrote it. */
  private record Snapshot(UUID id, String aggregateId, long version, String payload) {}

  @Test
  void snapshots_of_a_backfill_carry_the_snapshot_headers_and_live_events_do_not()
      throws Exception {
    List<String> customers = List.of(customer(1), customer(3), customer(2));
    OutboxRow live = OutboxRow.of("customer", UUID.randomUUID().toString(), 1);

    try (Relay relay =
            fixture.startStreaming(fixture.environment(RelayFixture.uniqueSlot("snap")));
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), "customer.events");
        Connection app = connect(stack.appLogin(ServiceDatabase.CUSTOMERS))) {
      UUID backfill = start(app, customers);
      assertThat(step(app, backfill)).isEqualTo(2);
      fixture.writer().commit(List.of(live));
      assertThat(step(app, backfill)).isEqualTo(1);
      Map<UUID, Snapshot> snapshots = snapshots(app, backfill);
      assertThat(snapshots).hasSize(3);

      List<UUID> expected = new ArrayList<>(snapshots.keySet());
      expected.add(live.id());
      reader.awaitIds(expected, STALL);

      for (ConsumerRecord<String, byte[]> record : reader.records()) {
        UUID id = UUID.fromString(header(record, "ce_id"));
        Snapshot snapshot = snapshots.get(id);
        if (snapshot != null) {
          assertThat(header(record, "ce_snapshot")).isEqualTo("true");
          assertThat(header(record, "ce_backfill")).isEqualTo(backfill.toString());
          assertThat(header(record, "ce_type")).isEqualTo("CustomerSnapshot");
          assertThat(header(record, "ce_aggregatetype")).isEqualTo("customer");
          assertThat(header(record, "ce_aggregateversion"))
              .isEqualTo(Long.toString(snapshot.version()));
          assertThat(header(record, "ce_subject")).isEqualTo(snapshot.aggregateId());
          assertThat(header(record, "traceparent")).isNull();
          assertThat(record.key()).isEqualTo(snapshot.aggregateId());
          assertThat(JSON.readTree(record.value())).isEqualTo(JSON.readTree(snapshot.payload()));
        } else if (id.equals(live.id())) {
          assertThat(header(record, "ce_snapshot")).isNull();
          assertThat(header(record, "ce_backfill")).isNull();
        }
      }
    }
  }

  private String customer(long version) throws SQLException {
    String id = UUID.randomUUID().toString();
    try (Connection c = connect(stack.appLogin(ServiceDatabase.CUSTOMERS));
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO customer (id, name, email, address, credit_limit, version,"
                    + " created_at, updated_at) VALUES (?::uuid, 'Snapshot probe', 'p@example.com',"
                    + " 'Street', 1500.50, ?, now(), now())")) {
      ps.setString(1, id);
      ps.setLong(2, version);
      ps.execute();
    }
    return id;
  }

  private static UUID start(Connection c, List<String> ids) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT backfill_start('customer', ?, 'snapshot-records-it')")) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  private static int step(Connection c, UUID backfill) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT backfill_step(?, 2)")) {
      ps.setObject(1, backfill);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static Map<UUID, Snapshot> snapshots(Connection c, UUID backfill) throws SQLException {
    Map<UUID, Snapshot> snapshots = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, aggregate_id, aggregate_version, payload::text FROM outbox"
                + " WHERE backfill_id = ?")) {
      ps.setObject(1, backfill);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          snapshots.put(id, new Snapshot(id, rs.getString(2), rs.getLong(3), rs.getString(4)));
        }
      }
    }
    return snapshots;
  }

  private Connection connect(DbLogin login) throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(ServiceDatabase.CUSTOMERS), login.user(), login.password());
  }
}
