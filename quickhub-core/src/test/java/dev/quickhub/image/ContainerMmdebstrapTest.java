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
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerMmdebstrapTest {

  @Test
  void recipeGoesInAsPlainFilesUnderOneFolder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("recipe.properties"), "suite=trixie\n");
    Files.writeString(dir.resolve("packages.txt"), "jupyterhub\n");
    Files.writeString(dir.resolve("customize.sh"), "#!/bin/sh\n");
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
        .containsEntry("quickhub-recipe/customize.sh", "#!/bin/sh\n");
  }

  @Test
  void onlyAPlainFileOfThatNameIsTakenForTheRootFileSystem() {
    TarArchiveEntry file = new TarArchiveEntry("quickhub-rootfs.tar");
    file.setSize(10240);
    assertThat(ContainerMmdebstrap.isTheRootfs(file)).isTrue();
    TarArchiveEntry link = new TarArchiveEntry("quickhub-rootfs.tar", TarConstants.LF_SYMLINK);
    link.setLinkName("/etc/shadow");
    assertThat(link.isFile()).as("commons-compress calls a link a file").isTrue();
    assertThat(ContainerMmdebstrap.isTheRootfs(link)).isFalse();
    TarArchiveEntry hardLink = new TarArchiveEntry("quickhub-rootfs.tar", TarConstants.LF_LINK);
    assertThat(ContainerMmdebstrap.isTheRootfs(hardLink)).isFalse();
    TarArchiveEntry empty = new TarArchiveEntry("quickhub-rootfs.tar");
    assertThat(ContainerMmdebstrap.isTheRootfs(empty)).isFalse();
    TarArchiveEntry other = new TarArchiveEntry("../elsewhere.tar");
    other.setSize(10240);
    assertThat(ContainerMmdebstrap.isTheRootfs(other)).isFalse();
    assertThat(ContainerMmdebstrap.isTheRootfs(null)).isFalse();
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
