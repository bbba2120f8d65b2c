package dev.outbox.cli.migrate;

import dev.outbox.cli.db.DbOptions;
import dev.outbox.reference.db.ClusterSetup;
import dev.outbox.reference.db.ServiceDatabase;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code outbox migrate}: prepares a PostgreSQL server of one's own (roles, databases, migrations),
 * as the local run does for its embedded one. The docker-compose deployment runs it once before the
 * apps and relays start.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Create the app and relay roles and the service databases where missing, and apply the"
          + " platform migrations and then each app's own to each. Idempotent.",
      "Role passwords come from CUSTOMER_APP_PASSWORD, CUSTOMER_RELAY_PASSWORD, ORDER_APP_PASSWORD"
          + " and ORDER_RELAY_PASSWORD; unset ones get the development password (the role's name)."
    })
public final class MigrateCommand implements Callable<Integer> {

  @Mixin DbOptions db;

  @Override
  public Integer call() {
    Map<String, String> passwords = new HashMap<>(ClusterSetup.developmentPasswords());
    for (ServiceDatabase service : ServiceDatabase.values()) {
      for (String role : new String[] {service.appRole(), service.relayRole()}) {
        String variable = role.toUpperCase(Locale.ROOT) + "_PASSWORD";
        String value = System.getenv(variable);
        if (value != null && !value.isEmpty()) {
          passwords.put(role, value);
        } else {
          System.out.println(
              "migrate: " + variable + " is not set; " + role + " gets the development password");
        }
      }
    }
    try {
      new ClusterSetup(db.server(), passwords).prepareAll();
    } catch (RuntimeException e) {
      System.err.println("migrate: " + e.getMessage());
      return 1;
    }
    System.out.println(
        "migrate: customers and orders are prepared on "
            + db.server().host()
            + ":"
            + db.server().port());
    return 0;
  }
}
