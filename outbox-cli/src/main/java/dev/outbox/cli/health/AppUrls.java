package dev.outbox.cli.health;

import dev.outbox.reference.db.ServiceDatabase;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Where the apps answer: a picocli mixin whose defaults come from {@code OUTBOX_CUSTOMER_APP_URL}
 * and {@code OUTBOX_ORDER_APP_URL}.
 */
public final class AppUrls {

  @Option(
      names = "--customer-app-url",
      description =
          "customer-app's base URL (default: ${DEFAULT-VALUE}; env OUTBOX_CUSTOMER_APP_URL).")
  URI customerApp;

  @Option(
      names = "--order-app-url",
      description = "order-app's base URL (default: ${DEFAULT-VALUE}; env OUTBOX_ORDER_APP_URL).")
  URI orderApp;

  /** URLs given in code. */
  public static AppUrls of(URI customerApp, URI orderApp) {
    AppUrls urls = new AppUrls();
    urls.customerApp = customerApp;
    urls.orderApp = orderApp;
    return urls;
  }

  /** The app that owns the consumers of {@code db}'s database (and writes its outbox). */
  public URI of(ServiceDatabase db) {
    return db == ServiceDatabase.CUSTOMERS ? customerApp : orderApp;
  }
}
