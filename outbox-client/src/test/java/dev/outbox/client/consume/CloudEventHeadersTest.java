package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

  private static final UUID ID = UUID.fromString("0b0e8c1e-1111-4222-8333-444455556666");

  private static Map<String, String> headers() {
    var headers = new HashMap<String, String>();
    headers.put("ce_specversion", "1.0");
    headers.put("ce_id", ID.toString());
    headers.put("ce_type", "CustomerCreated");
    headers.put("ce_source", "customer-app");
    headers.put("ce_time", "2026-11-26T13:00:00.5+01:00");
    headers.put("ce_subject", "c-1");
    headers.put("ce_aggregatetype", "customer");
    headers.put("ce_aggregateversion", "3");
    headers.put("ce_schemaversion", "1");
    headers.put("ce_committime", "2026-11-26T12:00:00.612345Z");
    headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    return headers;
  }

  private static IncomingEvent event(Map<String, String> headers) {
    return new IncomingEvent("customer.events", 0, 42, "c-1", headers, "{}");
  }

  @Test
  void reads_every_attribute() {
    CloudEventHeaders parsed = CloudEventHeaders.parse(event(headers()));

    assertThat(parsed)
        .isEqualTo(
            new CloudEventHeaders(
                ID,
                "CustomerCreated",
                "customer-app",
                "customer",
                "c-1",
                3,
                1,
                Instant.parse("2026-11-26T12:00:00.5Z"),
                Instant.parse("2026-11-26T12:00:00.612345Z"),
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                false,
                null));
  }

  @Test
  void the_commit_time_is_optional_and_freshness_falls_back_to_the_event_time_without_it() {
    CloudEventHeaders withCommit = CloudEventHeaders.parse(event(headers()));
    assertThat(withCommit.freshnessStart()).isEqualTo(Instant.parse("2026-11-26T12:00:00.612345Z"));

    var older = headers();
    older.remove("ce_committime");
    CloudEventHeaders fromAnOlderRelay = CloudEventHeaders.parse(event(older));
    assertThat(fromAnOlderRelay.commitTime()).isNull();
    assertThat(fromAnOlderRelay.freshnessStart())
        .isEqualTo(Instant.parse("2026-11-26T12:00:00.5Z"));

    // It only feeds a meter: a malformed one is ignored rather than failing the record.
    var malformed = headers();
    malformed.put("ce_committime", "yesterday");
    assertThat(CloudEventHeaders.parse(event(malformed)).commitTime()).isNull();
  }

  @Test
  void a_snapshot_carries_ce_snapshot_true_and_its_backfill_id() {
    UUID backfill = UUID.fromString("5d1c9a20-7777-4888-9999-aaaabbbbcccc");
    var headers = headers();
    headers.put("ce_snapshot", "true");
    headers.put("ce_backfill", backfill.toString());

    CloudEventHeaders parsed = CloudEventHeaders.parse(event(headers));

    assertThat(parsed.snapshot()).isTrue();
    assertThat(parsed.backfillId()).isEqualTo(backfill);
    assertThat(CloudEventHeaders.parse(event(headers())).snapshot()).isFalse();
  }

  @Test
  void a_malformed_snapshot_header_is_a_permanent_failure_naming_it() {
    var notTrue = headers();
    notTrue.put("ce_snapshot", "false");
    notTrue.put("ce_backfill", UUID.randomUUID().toString());
    assertThatThrownBy(() -> CloudEventHeaders.parse(event(notTrue)))
        .isInstanceOf(PermanentEventException.class)
        .hasMessageContaining("Header ce_snapshot must be 'true' when present, was 'false'");

    var noBackfill = headers();
    noBackfill.put("ce_snapshot", "true");
    assertThatThrownBy(() -> CloudEventHeaders.parse(event(noBackfill)))
        .isInstanceOf(PermanentEventException.class)
        .hasMessageContaining("Missing header ce_backfill (required with ce_snapshot)");

    var badBackfill = headers();
    badBackfill.put("ce_snapshot", "true");
    badBackfill.put("ce_backfill", "backfill-1");
    assertThatThrownBy(() -> CloudEventHeaders.parse(event(badBackfill)))
        .isInstanceOf(PermanentEventException.class)
        .hasMessageContaining("Header ce_backfill is not a UUID: 'backfill-1'");

    var backfillAlone = headers();
    backfillAlone.put("ce_backfill", UUID.randomUUID().toString());
    assertThatThrownBy(() -> CloudEventHeaders.parse(event(backfillAlone)))
        .isInstanceOf(PermanentEventException.class)
        .hasMessageContaining("Header ce_backfill without ce_snapshot: true");
  }

  @Test
  void a_missing_or_invalid_header_is_a_permanent_failure_naming_it() {
    var missing = headers();
    missing.remove("ce_subject");
    assertThatThrownBy(() -> CloudEventHeaders.parse(event(missing)))
        .isInstanceOf(PermanentEventException.class)
        .hasMessageContaining("Missing header ce_subject");

    var badVersion = headers();
    badVersion.put("ce_aggregateversion", "three");
    assertThatThrownBy(() -> CloudEventHeaders.parse(event(badVersion)))
        .isInstanceOf(PermanentEventException.class)
        .hasMessageContaining("ce_aggregateversion is not a number");

    var badTime = headers();
    badTime.put("ce_time", "yesterday");
    assertThatThrownBy(() -> CloudEventHeaders.parse(event(badTime)))
        .isInstanceOf(PermanentEventException.class)
        .hasMessageContaining("ce_time is not an RFC 3339 time");
  }

  @Test
  void partial_reads_what_it_can_and_falls_back_to_the_key_for_the_aggregate() {
    var broken = headers();
    broken.remove("ce_subject");
    broken.put("ce_id", "not-a-uuid");

    CloudEventHeaders.Partial partial = CloudEventHeaders.partial(event(broken));

    assertThat(partial.id()).isNull();
    assertThat(partial.aggregateId()).isEqualTo("c-1");
    assertThat(partial.aggregateVersion()).isEqualTo(3L);
    assertThat(partial.hasAggregate()).isTrue();
  }
}
