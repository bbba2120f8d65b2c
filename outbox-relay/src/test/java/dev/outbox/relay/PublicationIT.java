package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.position.PublicationMissingException;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay's role may not create a publication on a table it does not own: it says what to run.
 */
@ExtendWith(OutboxStackExtension.class)
class PublicationIT {

  private final RelayFixture fixture;

  PublicationIT(OutboxStack stack) {
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void missing_publication_stops_the_relay_with_the_sql_a_dba_must_run() {
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("nopub"));
    env.put("RELAY_PUBLICATION", "missing_pub");

    try (Relay relay = fixture.start(env)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> relay.termination().isCompletedExceptionally());
      assertThat(relay.termination())
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(PublicationMissingException.class)
          .withMessageContaining("A DBA must run")
          .withMessageContaining(
              "CREATE PUBLICATION missing_pub FOR TABLE public.outbox, public.relay_heartbeat;");
      assertThat(relay.health().reason()).contains("missing_pub");
    }
  }
}
