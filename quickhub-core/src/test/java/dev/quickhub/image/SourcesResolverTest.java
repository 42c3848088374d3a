package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order a hub folder is found in, and what a folder that lacks some sources gets. */
class SourcesResolverTest {

  @TempDir Path tmp;
  private Path builtins;
  private final AtomicInteger asked = new AtomicInteger();
  private Supplier<Path> builtinsSupplier;

  @BeforeEach
  void builtIns() throws IOException {
    builtins = full(tmp.resolve("builtins"));
    builtinsSupplier =
        () -> {
          asked.incrementAndGet();
          return builtins;
        };
  }

  private static Path full(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("image"));
    return withSeedAndVolumes(dir);
  }

  private static Path withSeedAndVolumes(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("users"));
    Files.createDirectories(dir.resolve("volumes"));
    Files.writeString(dir.resolve("users/seed.csv"), "username\n");
    Files.writeString(dir.resolve("volumes/hub.yaml"), "volumes: {}\n");
    return dir;
  }

  private ImageSources resolve(Path project, String home, Path current) {
    return SourcesResolver.resolve(project, home, current, builtinsSupplier);
  }

  @Test
  void theProjectComesFirstThenHomeThenTheCurrentFolder() throws IOException {
    Path project = full(tmp.resolve("project"));
    Path home = full(tmp.resolve("home"));
    Path current = full(tmp.resolve("current"));

    assertThat(resolve(project, home.toString(), current).root()).isEqualTo(project);
    assertThat(resolve(null, home.toString(), current).root()).isEqualTo(home);
    assertThat(resolve(null, null, current).root()).isEqualTo(current);
    assertThat(resolve(null, " ", current).root()).isEqualTo(current);
    assertThat(asked).hasValue(0);
  }

  @Test
  void aCurrentFolderWithoutUsersOrImageIsNoHubFolder() throws IOException {
    Path current = Files.createDirectories(tmp.resolve("current/volumes"));
    Files.writeString(current.resolve("hub.yaml"), "volumes: {}\n");

    ImageSources sources = resolve(null, null, current.getParent());

    assertThat(sources.root()).isEqualTo(builtins);
    assertThat(sources.volumesFile()).isEqualTo(builtins.resolve("volumes/hub.yaml"));
  }

  @Test
  void aCurrentFolderWithUsersOrImageIs() throws IOException {
    Path withUsers = Files.createDirectories(tmp.resolve("a/users"));
    Path withImage = Files.createDirectories(tmp.resolve("b/image"));

    assertThat(resolve(null, null, withUsers.getParent()).root()).isEqualTo(withUsers.getParent());
    assertThat(resolve(null, null, withImage.getParent()).imageDir()).isEqualTo(withImage);
  }

  @Test
  void anInitFolderTakesTheBuiltInImageAndKeepsItsSeedAndVolumes() throws IOException {
    Path project = withSeedAndVolumes(tmp.resolve("project"));

    ImageSources sources = resolve(project, null, tmp);

    assertThat(sources.root()).isEqualTo(project);
    assertThat(sources.imageDir()).isEqualTo(builtins.resolve("image"));
    assertThat(sources.baseRecipeDir()).isEqualTo(builtins.resolve("image/base"));
    assertThat(sources.seedFile()).isEqualTo(project.resolve("users/seed.csv"));
    assertThat(sources.volumesFile()).isEqualTo(project.resolve("volumes/hub.yaml"));
  }

  @Test
  void eachGroupIsTakenApart() throws IOException {
    Path project = Files.createDirectories(tmp.resolve("project/image"));
    Files.createDirectories(tmp.resolve("project/users"));

    ImageSources sources = resolve(project.getParent(), null, tmp);

    assertThat(sources.imageDir()).isEqualTo(project);
    assertThat(sources.usersDir())
        .as("users/ without seed.csv")
        .isEqualTo(builtins.resolve("users"));
    assertThat(sources.volumesFile()).isEqualTo(builtins.resolve("volumes/hub.yaml"));
  }

  @Test
  void withoutAnyFolderTheBuiltInsServe() {
    ImageSources sources = resolve(null, null, tmp.resolve("builtins/image"));

    assertThat(sources.root()).isEqualTo(builtins);
    assertThat(sources.seedFile()).isEqualTo(builtins.resolve("users/seed.csv"));
    assertThat(asked).hasValue(1);
  }

  @Test
  void aProjectOrHomeThatIsNoFolderIsRefused() {
    Path missing = tmp.resolve("missing");

    assertThatThrownBy(() -> resolve(missing, null, tmp))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("not a folder");
    assertThatThrownBy(() -> resolve(null, missing.toString(), tmp))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("QUICKHUB_HOME");
    assertThat(asked).hasValue(0);
  }

  @Test
  void aFoldersPackagesJoinTheBuiltInRecipe() throws IOException {
    Path base = Files.createDirectories(builtins.resolve("image/base"));
    Files.writeString(base.resolve("recipe.properties"), "suite=trixie\n");
    Files.writeString(base.resolve("packages.txt"), "jupyterhub\n");
    Path project = Files.createDirectories(tmp.resolve("project"));
    String plain = resolve(project, null, tmp).baseRecipe().hash();

    Files.writeString(project.resolve("packages.txt"), "python3-numpy\n");
    ImageSources sources = resolve(project, null, tmp);

    assertThat(sources.extraPackagesFile()).isEqualTo(project.resolve("packages.txt"));
    assertThat(sources.baseRecipe().packages()).containsExactly("jupyterhub", "python3-numpy");
    assertThat(sources.baseRecipe().hash()).isNotEqualTo(plain);
  }
}
