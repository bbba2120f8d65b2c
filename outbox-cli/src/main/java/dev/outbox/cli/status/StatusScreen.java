package dev.outbox.cli.status;

import dev.outbox.cli.health.CheckHealth;
import dev.outbox.cli.health.ConsumerAssignment;
import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.health.ProcessState;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The text form of {@code outbox status}. */
final class StatusScreen {

  private final PrintStream out;
  private final Instant now;

  StatusScreen(PrintStream out, Instant now) {
    this.out = out;
    this.now = now;
  }

  void print(
      String server,
      List<ProcessStatus> processes,
      List<DatabaseStatus> databases,
      String unreadable,
      List<String> problems,
      List<String> notes) {
    out.printf("outbox status at %s (postgres %s)%n", now.truncatedTo(ChronoUnit.SECONDS), server);
    out.println();
    out.println("processes");
    int width =
        Math.max(16, processes.stream().mapToInt(p -> p.process().name().length()).max().orElse(0));
    for (ProcessStatus status : processes) {
      ProcessHealth p = status.health();
      out.printf(
          "  %-" + width + "s %-12s %s%s%s%n",
          p.name(),
          state(status),
          p.url().resolve("/").toString().replaceAll("/$", ""),
          role(status),
          detail(p));
    }
    notes.forEach(n -> out.println("  note: " + n));
    if (unreadable != null) {
      out.println();
      out.println("databases UNREADABLE: " + unreadable);
    }
    for (DatabaseStatus db : databases) {
      out.println();
      out.println(db.database());
      if (db.relays().isEmpty()) {
        out.println("  relay     none");
      }
      for (DatabaseStatus.Relay r : db.relays()) {
        out.printf(
            "  relay     %-18s %-8s lag %s / %s   WAL held %s   heartbeat %s   position %s%n",
            r.slot(),
            r.active() ? "active" : "INACTIVE",
            Formats.bytes(r.lagBytes()),
            r.lagTime() == null ? "0 ms" : Formats.duration(r.lagTime()),
            Formats.bytes(r.walRetainedBytes()),
            Formats.age(r.lastHeartbeatAt(), now),
            r.storedLsn() == null ? "none" : r.storedLsn());
      }
      DatabaseStatus.Outbox o = db.outbox();
      out.printf(
          "  outbox    %d retained   %d last minute   %d last hour   newest %s%n",
          o.retained(), o.lastMinute(), o.lastHour(), Formats.age(o.newest(), now));
      if (db.consumers().isEmpty()) {
        out.println("  consumer  none yet");
      }
      for (DatabaseStatus.Consumer c : db.consumers()) {
        out.printf(
            "  consumer  %-30s applied %d   duplicates %d   stale %d   gaps %d   parked %d"
                + "   blocked %d   last applied %s%n",
            c.name(),
            c.applied(),
            c.duplicates(),
            c.stale(),
            c.gaps(),
            c.parked(),
            c.blocked(),
            Formats.age(c.lastAppliedAt(), now));
      }
      if (db.parked().isEmpty()) {
        out.println("  parked    none");
      }
      for (DatabaseStatus.Parked p : db.parked()) {
        out.printf(
            "  parked    #%d %-7s %s %s/%s v%s %s: %s%n",
            p.id(),
            p.status(),
            p.consumer(),
            p.aggregateType(),
            p.aggregateId(),
            p.aggregateVersion(),
            p.eventType(),
            p.status().equals("BLOCKED") ? "behind #" + p.blockedBy() : p.error());
      }
    }
    out.println();
    if (problems.isEmpty() && unreadable == null) {
      out.println("healthy");
    } else {
      out.println("UNHEALTHY");
      problems.forEach(p -> out.println("  - " + p));
    }
  }

  /** What it says, except that a standby ready to take over is STANDBY, not DOWN. */
  private static String state(ProcessStatus status) {
    if (status.relay() && status.health().standbyReady()) {
      return "STANDBY";
    }
    return status.health().state().name();
  }

  /** A relay's role as it reports it; an app's partitions, when it reports them. */
  private String role(ProcessStatus status) {
    Optional<String> role = status.role();
    if (role.isPresent()) {
      return "   " + role.get();
    }
    Optional<ConsumerAssignment> assignment = status.assignment();
    if (assignment.isEmpty()) {
      return "";
    }
    List<String> partitions = assignment.get().partitions();
    String held = partitions.isEmpty() ? "none" : String.join(",", partitions);
    Instant since = assignment.get().assignedAt();
    return "   partitions "
        + held
        + (since == null ? "" : " (assigned " + Formats.age(since, now) + ")");
  }

  /** A relay's reason; an app's checks, with a consumer's connection and its view's age. */
  private String detail(ProcessHealth p) {
    if (p.state() == ProcessState.UNREACHABLE) {
      return "   no answer: " + p.reason();
    }
    if (p.checks().isEmpty()) {
      return p.reason() == null ? "" : "   " + p.reason();
    }
    List<String> parts = new ArrayList<>();
    for (CheckHealth c : p.checks()) {
      StringBuilder part = new StringBuilder(c.name()).append(' ').append(c.status());
      if (!c.up() && c.since() != null) {
        part.append(" since ")
            .append(c.since().truncatedTo(ChronoUnit.SECONDS))
            .append(" (")
            .append(Formats.age(c.since(), now))
            .append(")");
      }
      if (!c.up() && c.reason() != null) {
        part.append(": ").append(c.reason());
      }
      if (c.viewAgeSeconds() != null) {
        part.append(", view age ")
            .append(Formats.duration(Duration.ofMillis(Math.round(c.viewAgeSeconds() * 1000))));
      }
      parts.add(part.toString());
    }
    return "   " + String.join("; ", parts);
  }
}
