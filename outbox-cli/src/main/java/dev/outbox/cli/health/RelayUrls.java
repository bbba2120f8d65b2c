package dev.outbox.cli.health;

import dev.outbox.reference.db.ServiceDatabase;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Where the relays answer: a picocli mixin whose defaults come from {@code
 * OUTBOX_CUSTOMERS_RELAY_URL} and {@code OUTBOX_ORDERS_RELAY_URL}.
 */
public final class RelayUrls {

  @Option(
      names = "--customers-relay-url",
      description =
          "The customers relay's base URL (default: ${DEFAULT-VALUE}; env"
              + " OUTBOX_CUSTOMERS_RELAY_URL).")
  URI customersRelay;

  @Option(
      names = "--orders-relay-url",
      description =
          "The orders relay's base URL (default: ${DEFAULT-VALUE}; env OUTBOX_ORDERS_RELAY_URL).")
  URI ordersRelay;

  /** URLs given in code. */
  public static RelayUrls of(URI customersRelay, URI ordersRelay) {
    RelayUrls urls = new RelayUrls();
    urls.customersRelay = customersRelay;
    urls.ordersRelay = ordersRelay;
    return urls;
  }

  /** The relay beside {@code db}'s database. */
  public URI of(ServiceDatabase db) {
    return db == ServiceDatabase.CUSTOMERS ? customersRelay : ordersRelay;
  }
}
