package dev.outbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.cli.OutboxCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad width is refused before anything starts, with exit 2 as every configuration error. */
class UpUsageTest {

  private static String run(int[] exit, String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      exit[0] =
          OutboxCli.execute(args, Map.of(), List.of(new UpCommand()), new PrintStream(out, true));
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void an_unknown_app_or_a_count_out_of_range_exits_2(@TempDir Path dir) {
    int[] exit = new int[1];
    String out = run(exit, "up", "--state-dir", dir.toString(), "--instances", "billing-app=2");
    assertThat(exit[0]).isEqualTo(2);
    assertThat(out).contains("error: --instances: unknown app 'billing-app'");

    out = run(exit, "up", "--state-dir", dir.toString(), "--partitions", "0");
    assertThat(exit[0]).isEqualTo(2);
    assertThat(out).contains("error: --partitions 0: must be from 1 to 100");
    assertThat(dir.resolve("run")).doesNotExist();
  }
}
