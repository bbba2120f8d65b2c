package dev.outbox.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlatformSchemaTest {

  @Test
  void lists_every_migration_of_its_folder_in_version_order() throws IOException {
    Path folder = Path.of("src/main/resources", PlatformSchema.RESOURCE_FOLDER);
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .containsExactlyElementsOf(PlatformSchema.MIGRATIONS);
    }
    for (String migration : PlatformSchema.MIGRATIONS) {
      assertThat(
              getClass()
                  .getClassLoader()
                  .getResource(PlatformSchema.RESOURCE_FOLDER + "/" + migration))
          .as(migration + " ships in the jar")
          .isNotNull();
    }
  }
}
