package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerMmdebstrapTest {

  @Test
  void recipeGoesInAsPlainFilesUnderOneFolder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("recipe.properties"), "suite=trixie\n");
    Files.writeString(dir.resolve("packages.txt"), "jupyterhub\n");
    Files.writeString(dir.resolve("customize.sh"), "#!/bin/sh\n");
    Files.createSymbolicLink(dir.resolve("link"), Path.of("/etc/shadow"));
    Map<String, String> entries = new LinkedHashMap<>();
    try (InputStream in = ContainerMmdebstrap.recipeArchive(BaseRecipe.load(dir));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        assertThat(entry.isSymbolicLink()).isFalse();
        entries.put(
            entry.getName(),
            entry.isDirectory() ? "dir" : new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(entries)
        .containsEntry("quickhub-recipe/", "dir")
        .containsEntry("quickhub-recipe/packages.txt", "jupyterhub\n")
        .containsEntry("quickhub-recipe/customize.sh", "#!/bin/sh\n")
        .doesNotContainKey("quickhub-recipe/link");
  }

  @Test
  void engineTagNamesRecipeAndImage(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("recipe.properties"), "suite=trixie\n");
    Files.writeString(dir.resolve("packages.txt"), "jupyterhub\n");
    BaseRecipe recipe = BaseRecipe.load(dir);
    assertThat(BaseImageBuilder.engineTag(recipe, "sha256:0123456789abcdef0123"))
        .isEqualTo("quickhub-base:" + recipe.shortHash() + "-0123456789ab");
  }
}
