package dev.outbox.cli.migrate;

import dev.outbox.cli.config.CliSettings;
import dev.outbox.cli.config.SettingDefaults;
import dev.outbox.cli.db.DbOptions;
import dev.outbox.config.Settings;
import dev.outbox.reference.db.ClusterSetup;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
      "Role passwords come from OUTBOX_CUSTOMER_APP_PASSWORD, OUTBOX_CUSTOMER_RELAY_PASSWORD,"
          + " OUTBOX_ORDER_APP_PASSWORD and OUTBOX_ORDER_RELAY_PASSWORD; unset ones get the"
          + " development password (the role's name)."
    })
public final class MigrateCommand implements Callable<Integer> {

  @Mixin DbOptions db;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Settings settings = SettingDefaults.of(spec);
    Map<String, String> passwords = new HashMap<>(ClusterSetup.developmentPasswords());
    CliSettings.ROLE_PASSWORDS.forEach(
        (role, setting) -> {
          Optional<String> given = settings.find(setting);
          if (given.isPresent()) {
            passwords.put(role, given.get());
          } else {
            System.out.println(
                "migrate: "
                    + setting.name()
                    + " is not set; "
                    + role
                    + " gets the development password");
          }
        });
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
