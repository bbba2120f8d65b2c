package dev.outbox.client.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  record Priced(BigDecimal amount) {}

  @Test
  void decimals_keep_their_scale_through_the_tree_the_consumer_reads_first() throws Exception {
    ObjectMapper mapper = EventJson.defaultMapper();
    JsonNode tree = mapper.readTree("{\"amount\": 1000.00}");
    Priced priced = mapper.treeToValue(tree, Priced.class);
    assertThat(priced.amount()).isEqualTo(new BigDecimal("1000.00"));
    assertThat(mapper.writeValueAsString(priced)).isEqualTo("{\"amount\":1000.00}");
  }
}
