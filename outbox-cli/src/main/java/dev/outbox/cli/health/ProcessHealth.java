package dev.outbox.cli.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one process answered on {@code GET /health}: its state, why it is not UP, the checks an app
 * reports, and the answer itself.
 *
 * @param name the process, such as {@code order-app}
 * @param url the health endpoint asked
 * @param state what it says, or {@link ProcessState#UNREACHABLE}
 * @param httpStatus the HTTP status; {@code null} when it did not answer
 * @param reason the reason it gave (a relay), or why it could not be asked
 * @param checks an app's checks, in the order it gave them
 * @param body the JSON it answered; {@code null} when none could be read
 */
public record ProcessHealth(
    String name,
    URI url,
    ProcessState state,
    Integer httpStatus,
    String reason,
    List<CheckHealth> checks,
    JsonNode body) {

  /** How a relay's reason begins when it is a standby with no problem of its own. */
  public ProcessHealth {
    checks = List.copyOf(checks);
  }

  /** A process that did not answer. */
  public static ProcessHealth unreachable(String name, URI url, String why) {
    return new ProcessHealth(name, url, ProcessState.UNREACHABLE, null, why, List.of(), null);
  }

  /**
   * The role a relay reports on {@code /health}: {@code active} or {@code standby}; empty for an
   * app (apps report none) and for a process that did not answer.
   */
  public Optional<String> role() {
    if (body == null || !body.hasNonNull("role")) {
      return Optional.empty();
    }
    return Optional.of(body.get("role").asText());
  }

  /**
   * A standby relay ready to take over: it reports role {@code standby} and {@code "ready":true}
   * (the relay's own judgement: its database and Kafka answer). It answers 503 DOWN, because it
   * does not stream, yet it does its job.
   */
  public boolean standbyReady() {
    return role().filter("standby"::equals).isPresent() && body.path("ready").asBoolean(false);
  }

  public Optional<CheckHealth> check(String checkName) {
    return checks.stream().filter(c -> c.name().equals(checkName)).findFirst();
  }

  /**
   * Why it is not UP, in one line: the checks that are not UP ({@code database DOWN (connection
   * refused)}), else its reason; empty when it is UP.
   */
  public String problem() {
    if (state.healthy()) {
      return "";
    }
    String failing =
        checks.stream()
            .filter(c -> !c.up())
            .map(
                c ->
                    c.name()
                        + " "
                        + c.status()
                        + (c.since() == null ? "" : " since " + c.since())
                        + (c.reason() == null ? "" : " (" + c.reason() + ")"))
            .collect(Collectors.joining("; "));
    String problem = !failing.isEmpty() ? failing : reason == null ? "reports " + state : reason;
    // A driver's message may span lines ("...\n  Detail: ..."); a console line may not.
    return problem.replaceAll("\\s*\\R\\s*", " ");
  }
}
