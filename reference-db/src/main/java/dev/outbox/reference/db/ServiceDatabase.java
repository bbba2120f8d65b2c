package dev.outbox.reference.db;

import java.util.Locale;

/**
 * A service database of the reference deployment: its name, the login roles that may reach it and
 * where its own migrations live. Every service database also gets the platform migrations.
 */
public enum ServiceDatabase {
  CUSTOMERS("customers", "customer_app", "customer_relay"),
  ORDERS("orders", "order_app", "order_relay");

  private final String databaseName;
  private final String appRole;
  private final String relayRole;

  ServiceDatabase(String databaseName, String appRole, String relayRole) {
    this.databaseName = databaseName;
    this.appRole = appRole;
    this.relayRole = relayRole;
  }

  /** The PostgreSQL database name, also the folder of the app's own migrations. */
  public String databaseName() {
    return databaseName;
  }

  /** The login role of the service itself: its own tables and the platform's writer grants. */
  public String appRole() {
    return appRole;
  }

  /** The login role of the relay sidecar: REPLICATION, and read-only on the outbox. */
  public String relayRole() {
    return relayRole;
  }

  /** The classpath folder of the app's own migrations (plain SQL, in version order). */
  public String migrationFolder() {
    return "dev/outbox/reference/db/" + databaseName;
  }

  /** Where Flyway finds this service's own migrations. */
  String migrationLocation() {
    return "classpath:" + migrationFolder();
  }

  /**
   * Looks a database up by its name ({@code customers} or {@code orders}).
   *
   * @throws IllegalArgumentException naming the known databases when there is no such one
   */
  public static ServiceDatabase byName(String name) {
    for (ServiceDatabase db : values()) {
      if (db.databaseName.equals(name.toLowerCase(Locale.ROOT))) {
        return db;
      }
    }
    throw new IllegalArgumentException(
        "Unknown service database '" + name + "': expected customers or orders");
  }
}
