package dev.outbox.reference.db;

import dev.outbox.schema.PlatformSchema;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations of one service database: first the platform's (the {@code outbox-schema}
 * artifact), then the app's own ({@link ServiceDatabase#migrationFolder()}). The two sets keep
 * separate Flyway history tables, so each is versioned on its own.
 */
public final class SchemaMigrator {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  static final String SERVICE_HISTORY = "service_schema_history";

  private final String jdbcUrl;
  private final DbLogin owner;

  /**
   * @param jdbcUrl the service database
   * @param owner a role that may create tables, roles of the platform and publications there
   */
  public SchemaMigrator(String jdbcUrl, DbLogin owner) {
    this.jdbcUrl = jdbcUrl;
    this.owner = owner;
  }

  /** Applies the pending platform and service migrations; a no-op when all are applied. */
  public void migrate(ServiceDatabase db) {
    migratePlatform(db.databaseName());
    run(db.databaseName(), db.databaseName(), db.migrationLocation(), SERVICE_HISTORY);
  }

  /** Applies only the platform's migrations, to a database called {@code databaseName}. */
  public void migratePlatform(String databaseName) {
    run(databaseName, "platform", PlatformSchema.FLYWAY_LOCATION, PlatformSchema.HISTORY_TABLE);
  }

  private void run(String databaseName, String set, String location, String historyTable) {
    Flyway flyway =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(jdbcUrl, owner.user(), owner.password())
            .locations(location)
            .table(historyTable)
            // The service's set runs on a schema that already holds the platform's tables.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .validateMigrationNaming(true)
            .load();
    try {
      MigrateResult result = flyway.migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info(
            "SchemaMigrator - {}: applied {} {} migration(s), now at version {}",
            databaseName,
            result.migrationsExecuted,
            set,
            result.targetSchemaVersion);
      }
    } catch (FlywayException e) {
      throw new SchemaException(
          "Migrating the "
              + set
              + " schema of database '"
              + databaseName
              + "' failed: "
              + e.getMessage(),
          e);
    }
  }
}
