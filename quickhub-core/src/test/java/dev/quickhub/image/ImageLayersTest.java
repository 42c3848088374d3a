package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLayersTest {

  private final List<FileEntriesLayer> layers = layers();

  private static List<FileEntriesLayer> layers() {
    try {
      return ImageLayers.of(ImageSources.at(Path.of(".")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> modes(int layer) {
    return layers.get(layer).getEntries().stream()
        .collect(
            Collectors.toMap(
                e -> e.getExtractionPath().toString(), e -> e.getPermissions().toOctalString()));
  }

  @Test
  void imageFilesGoToOptQuickhubWithoutTheBaseRecipe() {
    assertThat(layers.get(0).getName()).isEqualTo("quickhub files");
    assertThat(modes(0))
        .containsEntry("/opt/quickhub/bin/quickhub-entrypoint", "755")
        .containsEntry("/opt/quickhub/bin/quickhub-seed", "755")
        .containsEntry("/opt/quickhub/hub/jupyterhub_config.py", "644")
        .containsEntry("/opt/quickhub/lib/quickhub_accounts.py", "644")
        .containsEntry("/opt/quickhub/contract.json", "644");
    assertThat(modes(0).keySet()).noneMatch(path -> path.startsWith("/opt/quickhub/base"));
  }

  @Test
  void pythonsBytecodeCacheStaysOut(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("lib/__pycache__"));
    Files.writeString(dir.resolve("lib/tool.py"), "");
    Files.writeString(dir.resolve("lib/__pycache__/tool.cpython-311.pyc"), "");

    FileEntriesLayer layer = ImageLayers.layer("t", dir, AbsoluteUnixPath.get("/x"), null);

    assertThat(layer.getEntries())
        .extracting(e -> e.getExtractionPath().toString())
        .containsExactly("/x/lib/tool.py");
  }

  @Test
  void seedListIsItsOwnLayer() {
    assertThat(layers.get(1).getName()).isEqualTo("seed accounts");
    assertThat(modes(1)).containsOnlyKeys("/opt/quickhub/users/seed.csv");
  }

  @Test
  void entriesAreInAStableOrder() {
    List<String> first =
        layers.get(0).getEntries().stream()
            .map(FileEntry::getExtractionPath)
            .map(Object::toString)
            .toList();
    List<String> again =
        layers().get(0).getEntries().stream()
            .map(FileEntry::getExtractionPath)
            .map(Object::toString)
            .toList();
    assertThat(again).isEqualTo(first).isSorted();
  }

  @Test
  void aHubFoldersSnippetsAndLabOverridesAreLayersOfTheirOwn(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("users"));
    Files.writeString(dir.resolve("users/seed.csv"), "username\n");
    Files.createDirectories(dir.resolve("config.d/old"));
    Files.writeString(dir.resolve("config.d/20-login.py"), "");
    Files.writeString(dir.resolve("config.d/10-auth.py"), "");
    Files.writeString(dir.resolve("config.d/README.txt"), "notes");
    Files.writeString(dir.resolve("config.d/old/30-x.py"), "");
    Files.createDirectories(dir.resolve("jupyterlab"));
    Files.writeString(dir.resolve("jupyterlab/overrides.json"), "{}");
    ImageSources sources =
        new ImageSources(
            dir, Path.of("image").toAbsolutePath(), dir.resolve("users"), dir.resolve("v.yaml"));

    List<FileEntriesLayer> all = ImageLayers.of(sources);

    assertThat(all).extracting(FileEntriesLayer::getName).hasSize(4);
    assertThat(all.get(2).getName()).isEqualTo("hub config snippets");
    assertThat(all.get(2).getEntries())
        .extracting(e -> e.getExtractionPath().toString())
        .containsExactly("/opt/quickhub/config.d/10-auth.py", "/opt/quickhub/config.d/20-login.py");
    assertThat(all.get(3).getName()).isEqualTo("jupyterlab overrides");
    assertThat(all.get(3).getEntries())
        .extracting(e -> e.getExtractionPath().toString())
        .containsExactly("/usr/share/jupyter/lab/settings/overrides.json");
  }

  @Test
  void aFolderWithoutThemHasNoSuchLayers() {
    assertThat(layers).hasSize(2);
  }
}
