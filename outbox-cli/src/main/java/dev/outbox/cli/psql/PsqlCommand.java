package dev.outbox.cli.psql;

import dev.outbox.cli.db.DbOptions;
import dev.outbox.reference.db.PgServer;
import dev.outbox.reference.db.ServiceDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code outbox psql customers|orders}: psql on a service database, or how to connect. */
@Command(
    name = "psql",
    mixinStandardHelpOptions = true,
    description =
        "Open psql on a service database (customers or orders); without psql installed, print"
            + " the connection URL instead.")
public final class PsqlCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DATABASE", description = "customers or orders")
  String database;

  @Mixin DbOptions db;

  @Override
  public Integer call() throws Exception {
    ServiceDatabase service;
    try {
      service = ServiceDatabase.byName(database);
    } catch (IllegalArgumentException e) {
      System.err.println("psql: " + e.getMessage());
      return 2;
    }
    PgServer server = db.server();
    String url =
        "postgresql://"
            + server.admin().user()
            + "@"
            + server.host()
            + ":"
            + server.port()
            + "/"
            + service.databaseName();
    Optional<Path> psql = onPath("psql");
    if (psql.isEmpty()) {
      System.out.println("psql is not installed here. Connect with any PostgreSQL client:");
      System.out.println("  " + url + "   (password: the one of " + server.admin().user() + ")");
      System.out.println("  JDBC: " + server.jdbcUrl(service.databaseName()));
      return 0;
    }
    ProcessBuilder builder = new ProcessBuilder(psql.get().toString(), url).inheritIO();
    // The password goes through the environment, never onto a command line others can read.
    builder.environment().put("PGPASSWORD", server.admin().password());
    return builder.start().waitFor();
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
