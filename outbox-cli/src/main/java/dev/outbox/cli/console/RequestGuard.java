package dev.outbox.cli.console;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The console's checks of a request before any route: its {@code Host} must name the address the
 * console is bound to (or a localhost form of it) with its port, so that a page of another site
 * cannot reach it through DNS rebinding; an {@code Origin}, when sent, must be the console's own
 * (no cross-site POST); and an action needs the token.
 */
final class RequestGuard {

  private final Set<String> hosts;
  private final String token;
  private final boolean readOnly;

  /**
   * @param bind the address it listens on ({@code 0.0.0.0} for every one)
   * @param port its port
   * @param token the actions' token; {@code null} for none (no action then)
   */
  RequestGuard(InetAddress bind, int port, String token, boolean readOnly) {
    this.hosts = hostsOf(bind, port);
    this.token = token;
    this.readOnly = readOnly;
  }

  /** Whether the actions (replay, discard) can be done at all. */
  boolean actionsEnabled() {
    return !readOnly && token != null && !token.isEmpty();
  }

  /**
   * Why the request is refused (403), or {@code null} when its Host and Origin are this console.
   */
  String refusal(String host, String origin) {
    if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
      return "this console answers only requests addressed to "
          + String.join(" or ", hosts)
          + " (Host was "
          + (host == null ? "missing" : "'" + host + "'")
          + "); open it by the address it printed";
    }
    if (origin != null
        && !(origin.toLowerCase(Locale.ROOT).startsWith("http://")
            && hosts.contains(origin.substring("http://".length()).toLowerCase(Locale.ROOT)))) {
      return "a request from another site (Origin '"
          + origin
          + "') is refused; use the console's own page";
    }
    return null;
  }

  /** Why an action is refused (403), or {@code null} when {@code given} is the token. */
  String actionRefusal(String given) {
    if (readOnly) {
      return "this console is read-only (started with --read-only): replay and discard with"
          + " 'bin/outbox dlq replay|discard', or start the console without --read-only";
    }
    if (token == null || token.isEmpty()) {
      return "this console has no token, so it does no actions: start the console with a token"
          + " (--token or OUTBOX_CONSOLE_TOKEN)";
    }
    if (given == null || given.isEmpty()) {
      return "an action needs the console's token in the X-Outbox-Console-Token header: enter the"
          + " token the console printed when it started";
    }
    if (!MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      return "the X-Outbox-Console-Token is not this console's token: enter the token the console"
          + " printed when it started";
    }
    return null;
  }

  private static Set<String> hostsOf(InetAddress bind, int port) {
    Set<String> names = new LinkedHashSet<>();
    if (bind.isAnyLocalAddress()) {
      names.addAll(Set.of("127.0.0.1", "localhost", "[::1]"));
      try {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          for (InetAddress a : Collections.list(nic.getInetAddresses())) {
            names.add(literal(a));
          }
        }
      } catch (SocketException e) {
        // Only the loopback forms then.
      }
      names.add(bind.getHostName().toLowerCase(Locale.ROOT));
    } else {
      names.add(literal(bind));
      if (bind.isLoopbackAddress()) {
        names.addAll(Set.of("127.0.0.1", "localhost", "[::1]"));
      }
    }
    Set<String> hosts = new LinkedHashSet<>();
    names.forEach(n -> hosts.add(n + ":" + port));
    if (port == 80) {
      hosts.addAll(names);
    }
    return hosts;
  }

  private static String literal(InetAddress a) {
    String text = a.getHostAddress();
    int zone = text.indexOf('%');
    if (zone >= 0) {
      text = text.substring(0, zone);
    }
    return (text.contains(":") ? "[" + text + "]" : text).toLowerCase(Locale.ROOT);
  }
}
