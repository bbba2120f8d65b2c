package dev.outbox.stack;

import dev.outbox.reference.db.ClusterSetup;
import dev.outbox.reference.db.ServiceDatabase;
import java.util.Locale;
import java.util.Map;

/** Starts the stack that {@link StackOptions#mode()} names, with its databases prepared. */
public final class Stacks {

  private Stacks() {}

  /**
   * Starts a stack for tests, chosen by {@code OUTBOX_STACK} in the process environment.
   *
   * @throws StackException listing every problem of the {@code OUTBOX_STACK*} variables, or saying
   *     what failed to start
   */
  public static OutboxStack startForTests() {
    return start(StackOptions.forTests(System.getenv()));
  }

  /**
   * Starts only an embedded PostgreSQL in a temporary folder, with one database prepared: enough
   * for build-time code generation. {@code database} is {@code platform} for a database with the
   * platform's tables only, or the name of a {@link ServiceDatabase}. Its {@link
   * OutboxStack#kafkaBootstrapServers()} throws.
   */
  public static OutboxStack startEmbeddedPostgres(String database) {
    OutboxStack stack =
        EmbeddedStack.start(
            StackOptions.embedded(null, Durability.FAST),
            ClusterSetup.developmentPasswords(),
            false);
    Runnable preparation =
        database.equals("platform")
            ? () -> stack.cluster().preparePlatformOnly(database)
            : () -> stack.cluster().prepare(ServiceDatabase.byName(database));
    return prepared(stack, preparation);
  }

  /**
   * Starts the servers, then creates the roles and databases and applies the migrations.
   *
   * @throws StackException saying what failed and which other stack to use
   */
  public static OutboxStack start(StackOptions options) {
    Map<String, String> passwords = ClusterSetup.developmentPasswords();
    OutboxStack stack =
        switch (options.mode()) {
          case EMBEDDED -> EmbeddedStack.start(options, passwords, true);
          case EXTERNAL -> ExternalStack.start(options.external(), passwords);
          case CONTAINERS -> ContainersStack.start(passwords);
        };
    return prepared(stack, () -> stack.cluster().prepareAll());
  }

  private static OutboxStack prepared(OutboxStack stack, Runnable preparation) {
    try {
      preparation.run();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw new StackException(
          "The "
              + stack.mode().name().toLowerCase(Locale.ROOT)
              + " stack started, but preparing its databases failed: "
              + e.getMessage(),
          e);
    }
  }
}
