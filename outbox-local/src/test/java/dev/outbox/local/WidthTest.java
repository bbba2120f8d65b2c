package dev.outbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.cli.status.RunProcesses.Kind;
import dev.outbox.cli.status.RunProcesses.RunProcess;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WidthTest {

  private static List<String> names(Width width) {
    return width.plan().stream().map(p -> p.name() + ":" + p.port()).toList();
  }

  @Test
  void the_default_is_the_run_of_before_one_of_each_and_three_partitions() {
    Width width = Width.of(null, false, Topics.PARTITIONS);
    assertThat(width).isEqualTo(Width.DEFAULT);
    assertThat(width.partitions()).isEqualTo(3);
    assertThat(names(width))
        .containsExactly(
            "customers-relay:8091", "orders-relay:8092", "customer-app:8081", "order-app:8082");
  }

  @Test
  void instances_and_standbys_get_further_names_and_ports() {
    Width width = Width.of("customer-app=2,order-app=3", true, 6);
    assertThat(names(width))
        .containsExactly(
            "customers-relay:8091",
            "orders-relay:8092",
            "customer-app:8081",
            "customer-app-2:8181",
            "order-app:8082",
            "order-app-2:8182",
            "order-app-3:8282",
            "customers-relay-standby:8191",
            "orders-relay-standby:8192");
    assertThat(width.plan().get(7).role()).isEqualTo("standby");
    assertThat(width.plan().get(7).app()).isEqualTo(LocalApp.CUSTOMER_APP);
    assertThat(width.plan().get(0).role()).isEqualTo("active");
    assertThat(width.plan().get(3).role()).isNull();
  }

  @Test
  void an_app_left_out_runs_once_and_nine_is_the_most() {
    Width width = Width.of(" order-app = 9 ", false, 3);
    assertThat(width.instancesOf(LocalApp.CUSTOMER_APP)).isEqualTo(1);
    assertThat(width.instancesOf(LocalApp.ORDER_APP)).isEqualTo(9);
    assertThat(names(width)).contains("order-app-9:8882").doesNotContain("customer-app-2:8181");
  }

  @Test
  void bad_instances_are_refused_with_what_to_write() {
    assertThatThrownBy(() -> Width.of("billing-app=2", false, 3))
        .hasMessage("--instances: unknown app 'billing-app'; the apps are customer-app, order-app");
    assertThatThrownBy(() -> Width.of("order-app=0", false, 3))
        .hasMessageStartingWith("--instances: order-app=0: the count must be from 1 to 9");
    assertThatThrownBy(() -> Width.of("order-app=10", false, 3))
        .hasMessageStartingWith("--instances: order-app=10: the count must be from 1 to 9");
    assertThatThrownBy(() -> Width.of("order-app=two", false, 3))
        .hasMessage("--instances: order-app=two: the count must be a whole number from 1 to 9");
    assertThatThrownBy(() -> Width.of("order-app:2", false, 3))
        .hasMessage(
            "--instances: 'order-app:2' is not app=count (such as customer-app=2,order-app=3)");
    assertThatThrownBy(() -> Width.of("order-app=2,", false, 3))
        .hasMessage("--instances: '' is not app=count (such as customer-app=2,order-app=3)");
    assertThatThrownBy(() -> Width.of("order-app=2,order-app=3", false, 3))
        .hasMessage("--instances: order-app is given twice");
    assertThatThrownBy(() -> Width.of(" ", false, 3))
        .hasMessage(
            "--instances is empty: give app=count pairs, such as customer-app=2,order-app=3");
  }

  @Test
  void partitions_are_from_1_to_100() {
    assertThat(Width.of(null, false, 1).partitions()).isEqualTo(1);
    assertThat(Width.of(null, false, 100).partitions()).isEqualTo(100);
    assertThatThrownBy(() -> Width.of(null, false, 0))
        .hasMessage("--partitions 0: must be from 1 to 100");
    assertThatThrownBy(() -> Width.of(null, false, 101))
        .hasMessage("--partitions 101: must be from 1 to 100");
  }

  @Test
  void each_planned_process_is_a_line_of_the_processes_file() {
    List<Width.Planned> plan = Width.of("order-app=2", true, 3).plan();
    RunProcess orderApp2 = plan.get(4).toRunProcess(42L);
    assertThat(orderApp2)
        .isEqualTo(
            new RunProcess(
                "order-app-2",
                Kind.APP,
                "order-app",
                "orders",
                null,
                "order-app.customer-replica",
                "customer.events",
                URI.create("http://127.0.0.1:8182"),
                42L));
    RunProcess standby = plan.get(plan.size() - 1).toRunProcess(null);
    assertThat(standby)
        .isEqualTo(
            RunProcess.relay(
                "orders-relay-standby",
                "orders",
                "standby",
                URI.create("http://127.0.0.1:8192"),
                null));
  }

  @Test
  void more_instances_than_partitions_is_warned_of_with_the_idle_count() {
    Map<String, Integer> counts =
        Map.of("customer.events", 3, "order.events", 3, "outbox.backfill.events", 3);
    assertThat(Topics.idleWarnings(Width.of("customer-app=3,order-app=4", false, 3), counts))
        .containsExactly(
            "warning: order-app has 4 instances and customer.events 3 partitions: 1 instance(s)"
                + " will hold no partition of it and stay idle (one consumer group shares the"
                + " partitions; --partitions 4 with --fresh gives each one)");
    assertThat(Topics.idleWarnings(Width.DEFAULT, counts)).isEmpty();
  }

  @Test
  void a_topic_with_another_partition_count_is_refused_not_grown() {
    assertThatThrownBy(
            () -> Topics.requireCount(Map.of("customer.events", 3, "order.events", 6), 6))
        .isInstanceOf(RunConfigurationException.class)
        .hasMessage(
            "topic customer.events already has 3 partitions and this run asks for 6"
                + " (--partitions, default 3); partitions are never added to an existing topic,"
                + " because that moves aggregates to other partitions and breaks the order of"
                + " their events: start with --partitions 3 to keep the topics, or with --fresh"
                + " to delete the data of earlier runs");
  }
}
