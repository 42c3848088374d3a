package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseResolverTest {

  @TempDir Path tmp;

  /** Fails the test if the engine is asked: a file or a path-like name never needs it. */
  private final BaseResolver resolver =
      new BaseResolver(
          () -> {
            throw new AssertionError("the engine was asked");
          },
          Progress.silent());

  @Test
  void anExistingFileIsATarballBase() throws Exception {
    Path tarball = Files.writeString(tmp.resolve("base.tar"), "");
    BaseImage base = resolver.resolve(settings(tarball.toString()));
    assertThat(base.source()).isEqualTo(BaseImage.Source.TARBALL);
    assertThat(base.tarball()).contains(tarball.toAbsolutePath());
  }

  @Test
  void aMissingTarballIsSaidPlainly() {
    assertThatThrownBy(() -> resolver.resolve(settings(tmp.resolve("gone.tar").toString())))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("The base tarball")
        .hasMessageContaining("does not exist");
  }

  @Test
  void onlyFileLikeNamesAreTakenForPaths() {
    assertThat(BaseResolver.looksLikePath("./base.tar")).isTrue();
    assertThat(BaseResolver.looksLikePath("/srv/base")).isTrue();
    assertThat(BaseResolver.looksLikePath("base.tar.gz")).isTrue();
    assertThat(BaseResolver.looksLikePath("debian:trixie")).isFalse();
    assertThat(BaseResolver.looksLikePath("registry.example/team/base:1")).isFalse();
  }

  private ImageSettings settings(String base) {
    return ImageSettings.builder()
        .sources(ImageSources.at(Path.of(".")))
        .cacheDir(tmp)
        .base(base)
        .build();
  }
}
