package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {

  @TempDir Path dir;

  @Test
  void peak_heap_is_the_most_in_use_before_any_collection() throws Exception {
    Path log = dir.resolve("gc.log");
    Files.writeString(
        log,
        String.join(
            "\n",
            "[0.010s][info][gc] Using G1",
            "[1.204s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 23M->4M(256M)"
                + " 3.021ms",
            "[2.950s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 131M->20M(256M)"
                + " 9.113ms",
            "[4.100s][info][gc] GC(2) Pause Young (Normal) (G1 Evacuation Pause) 2048K->1024K(256M)"
                + " 1.000ms",
            ""));

    assertThat(GcLog.peakHeapMib(log)).hasValue(131);
  }

  @Test
  void a_jvm_that_never_collected_has_no_known_peak() throws Exception {
    Path log = dir.resolve("gc.log");
    Files.writeString(log, "[0.010s][info][gc] Using G1\n");

    assertThat(GcLog.peakHeapMib(log)).isEmpty();
    assertThat(GcLog.peakHeapMib(dir.resolve("missing.log"))).isEmpty();
  }
}
