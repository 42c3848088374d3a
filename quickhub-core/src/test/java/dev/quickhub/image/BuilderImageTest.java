package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuilderImageTest {

  private static BuilderImage image(String reference) {
    return new BuilderImage(null, reference, Progress.silent());
  }

  @Test
  void defaultIsDebiansSlimImageOfTheRecipesSuite(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("recipe.properties"), "suite=forky\n");
    Files.writeString(dir.resolve("packages.txt"), "jupyterhub\n");
    assertThat(BuilderImage.defaultFor(BaseRecipe.load(dir))).isEqualTo("debian:forky-slim");
  }

  @Test
  void pullsTheRepositoryWithItsTagOrDigestApart() {
    BuilderImage tagged = image("127.0.0.1:5000/team/debian:trixie-slim");
    assertThat(tagged.repository(tagged.parse(tagged.reference())))
        .isEqualTo("127.0.0.1:5000/team/debian");
    String digest = "sha256:" + "a".repeat(64);
    BuilderImage pinned = image("debian@" + digest);
    assertThat(pinned.repository(pinned.parse(pinned.reference()))).isEqualTo("debian");
    BuilderImage bare = image("debian");
    assertThat(bare.repository(bare.parse("debian"))).isEqualTo("debian");
    assertThat(bare.parse("debian").getQualifier()).isEqualTo("latest");
  }

  @Test
  void aReferenceThatIsNoneIsRefusedInOneSentence() {
    assertThatThrownBy(() -> image("Not An Image!").parse("Not An Image!"))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("'Not An Image!' is not an image reference");
  }

  @Test
  void pullFailuresAreToldApart() {
    BuilderImage image = image("127.0.0.1:5000/qh/debian:trixie");
    assertThat(
            image
                .pullFailure(
                    "Status 404: manifest for 127.0.0.1:5000/qh/debian:trixie not found: manifest"
                        + " unknown",
                    null)
                .getMessage())
        .startsWith("The builder image 127.0.0.1:5000/qh/debian:trixie was not found");
    assertThat(image.pullFailure("unauthorized: authentication required", null).getMessage())
        .startsWith("The registry refused the credentials")
        .contains("docker login 127.0.0.1:5000");
    assertThat(
            image
                .pullFailure("Head \"http://x/v2/\": no basic auth credentials", null)
                .getMessage())
        .contains("asks for credentials");
    assertThat(image.pullFailure("dial tcp: connection refused", null).getMessage())
        .startsWith("The engine could not pull the builder image")
        .contains("connection refused");
  }
}
