package dev.outbox.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.cli.health.HealthDocument;
import dev.outbox.cli.status.RunProcesses.RunProcess;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerGroupsTest {

  private static final URI URL = URI.create("http://127.0.0.1:8082");

  private static ProcessStatus instance(String name, String topic, String partitions) {
    String listed = partitions == null ? "" : ",\"partitions\":" + partitions;
    String body = "{\"status\":\"UP\",\"checks\":{\"consumer\":{\"status\":\"UP\"" + listed + "}}}";
    return new ProcessStatus(
        RunProcess.app(name, "order-app", "orders", "order-app.c", topic, URL, null),
        HealthDocument.parse(name, URL.resolve("/health"), 200, body));
  }

  @Test
  void an_instance_beyond_the_partition_count_gets_a_note() {
    List<ProcessStatus> group =
        List.of(
            instance("order-app", "customer.events", "[\"customer.events-0\"]"),
            instance("order-app-2", "customer.events", "[\"customer.events-1\"]"),
            instance("order-app-3", "customer.events", "[\"customer.events-2\"]"),
            instance("order-app-4", "customer.events", "[\"outbox.backfill.events-1\"]"),
            instance("order-app-5", "customer.events", "[]"));
    assertThat(ConsumerGroups.notes(group, Map.of("customer.events", 3)))
        .containsExactly(
            "order-app-4 holds no partitions of customer.events (customer.events has 3"
                + " partitions, 5 instances)",
            "order-app-5 holds no partitions (customer.events has 3 partitions, 5 instances)");
  }

  @Test
  void without_the_run_file_the_count_is_what_the_group_holds() {
    List<ProcessStatus> group =
        List.of(
            instance("order-app", null, "[\"customer.events-0\",\"customer.events-1\"]"),
            instance("order-app-2", null, "[]"));
    assertThat(ConsumerGroups.notes(group, Map.of()))
        .containsExactly(
            "order-app-2 holds no partitions (its topics have 2 partitions, 2 instances); it may"
                + " be joining the group or in a rebalance");
  }

  @Test
  void instances_that_do_not_report_partitions_get_one_note_for_the_group() {
    List<ProcessStatus> group =
        List.of(
            instance("order-app", "customer.events", null),
            instance("order-app-2", "customer.events", null),
            instance("order-app-3", "customer.events", null));
    assertThat(ConsumerGroups.notes(group, Map.of("customer.events", 2)))
        .containsExactly(
            "order-app has 3 instances and customer.events 2 partitions: 1 instance(s) hold no"
                + " partitions of it");
    assertThat(ConsumerGroups.notes(group, Map.of("customer.events", 3))).isEmpty();
  }
}
