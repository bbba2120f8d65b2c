package dev.outbox.client.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.support.ThingEvent;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OutboxTest {

  @Test
  void needs_at_least_one_catalog() {
    assertThatThrownBy(() -> Outbox.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("register at least one EventCatalog");
  }

  @Test
  void rejects_an_aggregate_type_registered_twice() {
    var builder =
        Outbox.builder()
            .register(EventCatalog.of("thing", ThingEvent.class))
            .register(EventCatalog.of("thing", ThingEvent.class));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'thing' is registered twice");
  }

  @Test
  void offers_no_way_to_append_but_the_transaction_handle_it_creates() {
    assertThat(OutboxTransaction.class.getConstructors()).isEmpty();
    assertThat(Modifier.isFinal(OutboxTransaction.class.getModifiers())).isTrue();
    assertThat(Arrays.stream(Outbox.class.getMethods()).map(m -> m.getName()))
        .doesNotContain("append");
  }
}
