package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The console, as an operator uses it, in a real headless Chromium against {@code bin/outbox up}:
 * the flow picture shows both relays streaming; an event parked in customer-app appears in the dead
 * letters within seconds, cannot be replayed without the token, is replayed by a click (after the
 * data is fixed) and goes away; the trail of a customer's event shows it written, relayed and
 * received; the replica check runs from the page. It also saves the screenshot the README shows
 * ({@code system-tests/target/console.png}).
 */
@Order(4)
class ConsoleBrowserIT {

  private static final Duration READY = Duration.ofMinutes(3);
  private static final Duration FLOW = Duration.ofMinutes(3);
  private static final String CREDIT_CHECK = "customer-app.credit-check";
  private static final List<String> CHARTS =
      List.of(
          "outbox-writes",
          "relay-events",
          "relay-lag-bytes",
          "relay-lag-seconds",
          "wal-held",
          "freshness",
          "applied");
  private static final Pattern CONSOLE_LINE =
      Pattern.compile("console[: ].*(http://127\\.0\\.0\\.1:\\d+)\\S*.*token[: =]+(\\S+)");

  private final Http customers = new Http(URI.create("http://127.0.0.1:8081"));
  private final Http orders = new Http(URI.create("http://127.0.0.1:8082"));

  @Test
  void an_operator_watches_the_flow_replays_a_parked_event_and_follows_a_trail(@TempDir Path state)
      throws Exception {
    try (UpProcess up = UpProcess.start(state, "--fresh");
        Browser browser = Browser.start()) {
      up.awaitReady(READY);
      Matcher console = CONSOLE_LINE.matcher(up.awaitLine(CONSOLE_LINE.asPredicate(), READY));
      assertThat(console.find()).isTrue();
      String url = console.group(1);
      String token = console.group(2);

      // Some traffic, so every arrow has a rate and the charts have lines.
      String customerId = Webshop.createCustomer(customers, "Ada", "1 Loop, Springfield", 500);
      String orderId = Webshop.placeOrderWhenReplicated(orders, customerId, FLOW);
      await()
          .atMost(FLOW)
          .until(() -> orders.get("/orders/" + orderId).text("status").equals("CONFIRMED"));

      browser.open(url);
      assertThat(browser.title()).containsIgnoringCase("outbox");
      // The flow: both relays streaming, each database feeding its relay, rates on the arrows.
      browser.find("[data-box='relay:customers'][data-state=healthy]");
      browser.find("[data-box='relay:orders'][data-state=healthy]");
      browser.find("[data-box='database:customers']");
      browser.find("[data-box='consumer:" + CREDIT_CHECK + "']");
      browser.find("[data-arrow='database:customers->relay:customers'] [data-rate]");
      assertThat(browser.all("[data-arrow]")).hasSizeGreaterThanOrEqualTo(4);
      for (String chart : CHARTS) {
        browser.find("[data-chart='" + chart + "'] svg");
      }
      String firstUpdate = browser.find("[data-testid=updated-at]").getText();
      browser.await(
          "the page to refresh by itself",
          () -> firstUpdate.equals(browser.find("[data-testid=updated-at]").getText()) ? null : 1);

      // The replica check of bin/outbox verify, run from the page.
      browser.find("button[data-testid=verify-run]").click();
      String verdict = "[data-replica='customer_replica'] span[data-verdict]";
      assertThat(
              browser.await(
                  "the verify run's verdict",
                  () ->
                      browser.all(verdict).stream()
                          .map(v -> v.getAttribute("data-verdict"))
                          .filter(v -> v != null && !v.isEmpty())
                          .findFirst()
                          .orElse(null)))
          .isEqualTo("MATCH");

      // A parked event appears by itself: an OrderPlaced for a customer customer-app lost.
      UUID lost = UUID.randomUUID();
      String parkedEvent = orderPlacedFor(lost);
      String row = "tr[data-dead-letter][data-event-id='" + parkedEvent + "']";
      WebElement parked = browser.find(row + "[data-status=PARKED]");
      assertThat(parked.getAttribute("data-database")).isEqualTo("customers");
      assertThat(parked.getText()).contains("OrderPlaced", CREDIT_CHECK);

      // Without the token the console cannot act: the buttons are disabled and say why.
      WebElement replay = browser.find(row + " button[data-action=replay]");
      assertThat(replay.isEnabled()).isFalse();
      assertThat(replay.getAttribute("title")).containsIgnoringCase("token");
      browser.screenshotWholePage(Path.of("target/console.png"));

      // The operator fixes the data, pastes the token and replays: the row goes away.
      restoreCustomer(lost);
      WebElement tokenField = browser.find("input[data-testid=token]");
      tokenField.clear();
      tokenField.sendKeys(token);
      browser.find("button[data-testid=token-save]").click();
      browser.await(
          "the replay button to be enabled by the token",
          () -> browser.find(row + " button[data-action=replay]").isEnabled() ? 1 : null);
      browser.find(row + " button[data-action=replay]").click();
      browser.find("[data-testid=confirm] button[data-testid=confirm-yes]").click();
      browser.await(
          "the replay's result",
          () -> {
            String text = browser.find("[data-testid=action-result]").getText();
            return text.toLowerCase().contains("replayed") ? text : null;
          });
      browser.awaitGone(row);
      assertThat(deadLetterStatus(parkedEvent)).isEqualTo("REPLAYED");

      // The trail of the customer's creation: written in customers, relayed, received in orders.
      String created = customerCreatedEventId(customerId);
      WebElement query = browser.find("input[data-testid=trail-query]");
      query.clear();
      query.sendKeys(created);
      browser.find("button[data-testid=trail-go]").click();
      String trail = "[data-trail-event='" + created + "'] ";
      browser.find(trail + "[data-step=written][data-database=customers]");
      browser.find(trail + "[data-step=relayed]");
      browser.find(trail + "[data-step=received][data-database=orders]");
      List<String> steps = new ArrayList<>();
      browser.all(trail + "[data-step]").forEach(s -> steps.add(s.getAttribute("data-step")));
      assertThat(steps.indexOf("written")).isLessThan(steps.indexOf("relayed"));
      assertThat(steps.indexOf("relayed")).isLessThan(steps.indexOf("received"));
      browser.screenshot(Path.of("target/console-trail.png"));

      // The same trail from a link: ?trail=<id> opens with it.
      browser.open(url + "/?trail=" + created);
      browser.find(trail + "[data-step=received][data-database=orders]");
      assertThat(up.terminate(Duration.ofSeconds(60))).isZero();
    }
  }

  /** Writes, as order-app would, an OrderPlaced for a customer; returns the event id. */
  private static String orderPlacedFor(UUID customerId) throws SQLException {
    String eventId = UUID.randomUUID().toString();
    String orderId = UUID.randomUUID().toString();
    try (Connection c = connect("orders");
        var insert =
            c.prepareStatement(
                "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version,"
                    + " event_type, payload, occurred_at) VALUES (?::uuid, 'order', ?, 1,"
                    + " 'OrderPlaced', ?::jsonb, now())")) {
      insert.setString(1, eventId);
      insert.setString(2, orderId);
      insert.setString(
          3,
          "{\"orderId\": \""
              + orderId
              + "\", \"customerId\": \""
              + customerId
              + "\", \"status\": \"PENDING\", \"total\": 25.00, \"lines\": [{\"sku\": \"BOOK-1\","
              + " \"quantity\": 1, \"unitPrice\": 25.00}], \"version\": 1, \"placedAt\":"
              + " \"2026-11-26T13:05:30Z\"}");
      insert.executeUpdate();
    }
    return eventId;
  }

  /** The operator's data fix: the customer customer-app lost is restored. */
  private static void restoreCustomer(UUID customerId) throws SQLException {
    try (Connection c = connect("customers");
        var insert =
            c.prepareStatement(
                "INSERT INTO customer (id, name, email, address, credit_limit, version,"
                    + " created_at, updated_at) VALUES (?::uuid, 'Restored Rita',"
                    + " 'rita@example.com', '', 100, 1, now(), now())")) {
      insert.setString(1, customerId.toString());
      insert.executeUpdate();
    }
  }

  private static String deadLetterStatus(String eventId) throws SQLException {
    return single("customers", "SELECT status FROM dead_letter WHERE event_id = ?::uuid", eventId);
  }

  private static String customerCreatedEventId(String customerId) throws SQLException {
    return single(
        "customers",
        "SELECT id FROM outbox WHERE aggregate_id = ? AND event_type = 'CustomerCreated'",
        customerId);
  }

  private static String single(String database, String query, String parameter)
      throws SQLException {
    try (Connection c = connect(database);
        var select = c.prepareStatement(query)) {
      select.setString(1, parameter);
      try (var rows = select.executeQuery()) {
        assertThat(rows.next()).as("a row for %s", query).isTrue();
        return rows.getString(1);
      }
    }
  }

  private static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:15432/" + database, "postgres", "postgres");
  }
}
