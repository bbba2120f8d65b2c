package dev.outbox.schema;

import java.util.List;

/**
 * Where the platform's migrations are, for a service's own migration runner. With Flyway:
 *
 * <pre>{@code
 * Flyway.configure()
 *     .dataSource(url, owner, password)
 *     .locations(PlatformSchema.FLYWAY_LOCATION)
 *     .table(PlatformSchema.HISTORY_TABLE)
 *     .load()
 *     .migrate();
 * }</pre>
 *
 * Then the service's own migrations, with their own history table and {@code
 * baselineOnMigrate(true)}, so that each set is versioned on its own. The files are plain SQL that
 * psql applies too, in the order of {@link #MIGRATIONS}.
 */
public final class PlatformSchema {

  /** The classpath folder of the migrations. */
  public static final String RESOURCE_FOLDER = "dev/outbox/schema/platform";

  /** The same, as a Flyway location. */
  public static final String FLYWAY_LOCATION = "classpath:" + RESOURCE_FOLDER;

  /** The history table the platform's migrations keep apart from the service's own. */
  public static final String HISTORY_TABLE = "platform_schema_history";

  /** The migrations in the order they apply. */
  public static final List<String> MIGRATIONS =
      List.of(
          "V1__outbox_inbox_dead_letter.sql",
          "V2__relay_retention.sql",
          "V3__inspection_views.sql",
          "V4__replica_declarations.sql",
          "V5__backfill.sql",
          "V6__consumer_snapshots_retention.sql",
          "V7__verify.sql",
          "V8__replica_fill.sql",
          "V9__rebuild_counts_inbox.sql");

  private PlatformSchema() {}
}
