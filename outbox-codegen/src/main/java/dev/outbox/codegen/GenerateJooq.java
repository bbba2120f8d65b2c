package dev.outbox.codegen;

import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.Stacks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;

/**
 * Build-time jOOQ code generation from the real schema: starts a throwaway PostgreSQL, prepares a
 * database exactly as a deployment does, and generates classes for the chosen tables. Skips the
 * work when the migrations have not changed since the last run.
 *
 * <p>Arguments: {@code <database> <table regex> <package> <target dir> <migration dirs>}, where the
 * database is {@code platform} (the platform's tables only, for a library) or one of the reference
 * deployment ({@code customers}, {@code orders}), and the migration dirs (comma-separated) are the
 * folders whose {@code .sql} files the classes come from.
 */
public final class GenerateJooq {

  private GenerateJooq() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "usage: GenerateJooq <platform|customers|orders> <table regex> <package> <target dir>"
              + " <migration dir>[,<migration dir>...]");
    }
    String database = args[0];
    String includes = args[1];
    String packageName = args[2];
    Path target = Path.of(args[3]);
    List<Path> migrationDirs =
        Stream.of(args[4].split(",")).map(String::trim).map(Path::of).toList();

    Path stamp = target.resolve(".schema-fingerprint");
    String fingerprint = fingerprint(migrationDirs, database, includes, packageName);
    if (Files.exists(stamp) && Files.readString(stamp).equals(fingerprint)) {
      System.out.println("GenerateJooq - " + target + " is up to date");
      return;
    }

    // Codegen only needs PostgreSQL: start the database half of an embedded stack.
    try (OutboxStack stack = Stacks.startEmbeddedPostgres(database)) {
      Configuration config =
          new Configuration()
              .withLogging(Logging.WARN)
              .withJdbc(
                  new Jdbc()
                      .withDriver("org.postgresql.Driver")
                      .withUrl(stack.postgres().jdbcUrl(database))
                      .withUser(stack.postgres().admin().user())
                      .withPassword(stack.postgres().admin().password()))
              .withGenerator(
                  new Generator()
                      .withDatabase(
                          new Database()
                              .withName("org.jooq.meta.postgres.PostgresDatabase")
                              .withInputSchema("public")
                              .withOutputSchemaToDefault(true)
                              .withIncludes(includes))
                      .withGenerate(
                          new Generate()
                              .withRecords(true)
                              .withPojos(false)
                              .withJavaTimeTypes(true)
                              .withDeprecated(false)
                              .withGeneratedAnnotation(false)
                              .withImplicitJoinPathsToMany(false))
                      .withTarget(
                          new Target()
                              .withPackageName(packageName)
                              .withDirectory(target.toString())
                              .withClean(true)));
      GenerationTool.generate(config);
    }
    Files.writeString(stamp, fingerprint);
    System.out.println("GenerateJooq - generated " + packageName + " into " + target);
  }

  /** A digest of the migrations the classes come from and of the arguments. */
  static String fingerprint(List<Path> migrationDirs, String... args)
      throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (String arg : args) {
      digest.update(arg.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    for (Path folder : migrationDirs) {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
          digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
          digest.update(Files.readAllBytes(file));
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
