package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.quickhub.report.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where mmdebstrap runs: on the host where it can and nothing else was asked, else a container. */
class BaseImageBuilderTest {

  @TempDir Path dir;

  private static final Supplier<DockerClient> NO_ENGINE_NEEDED =
      () -> {
        throw new AssertionError("the host build needs no engine");
      };

  private BaseRecipe recipe() throws IOException {
    Files.writeString(dir.resolve("recipe.properties"), "suite=trixie\n");
    Files.writeString(dir.resolve("packages.txt"), "jupyterhub\n");
    return BaseRecipe.load(dir);
  }

  private static RootfsBuilder chosen(
      Supplier<DockerClient> engine, Optional<String> image, boolean hostWorks, BaseRecipe recipe) {
    return new BaseImageBuilder(Path.of("cache"), engine, image, () -> hostWorks, Progress.silent())
        .builder(recipe);
  }

  @Test
  void rootOnDebianBuildsOnTheHost() throws IOException {
    assertThat(chosen(NO_ENGINE_NEEDED, Optional.empty(), true, recipe()))
        .isInstanceOf(HostMmdebstrap.class);
  }

  @Test
  void elsewhereTheBaseIsBuiltInDebiansSlimImage() throws IOException {
    RootfsBuilder builder = chosen(() -> null, Optional.empty(), false, recipe());
    assertThat(builder).isInstanceOf(ContainerMmdebstrap.class);
    assertThat(builder.describe(recipe())).isEqualTo("mmdebstrap trixie in debian:trixie-slim");
  }

  @Test
  void aBuilderImageAskedForIsUsedEvenWhereTheHostCouldBuild() throws IOException {
    RootfsBuilder builder =
        chosen(() -> null, Optional.of("127.0.0.1:5000/team/debian:13"), true, recipe());
    assertThat(builder.describe(recipe()))
        .isEqualTo("mmdebstrap trixie in 127.0.0.1:5000/team/debian:13");
  }
}
