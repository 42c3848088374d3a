package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.report.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MmdebstrapFailureTest {

  @TempDir Path dir;

  /** The end of a real run with an unknown package in the include list. */
  private static final List<String> UNKNOWN_PACKAGE =
      List.of(
          "I: installing remaining packages inside the chroot...",
          "Reading package lists...",
          "Building dependency tree...",
          "E: Unable to locate package python3-nosuch",
          "E: setup failed: E: apt-get --yes install jupyterhub python3-nosuch failed",
          "I: main() received signal PIPE: waiting for setup...",
          "E: mmdebstrap failed to run");

  private BaseRecipe recipe() throws IOException {
    Path recipe = Files.createDirectories(dir.resolve("base"));
    Files.writeString(recipe.resolve("recipe.properties"), "suite=trixie\n");
    Files.writeString(recipe.resolve("packages.txt"), "jupyterhub\n");
    return BaseRecipe.load(recipe);
  }

  @Test
  void aptsOwnSentenceIsTheFirstError() {
    assertThat(MmdebstrapFailure.aptError(UNKNOWN_PACKAGE))
        .contains("E: Unable to locate package python3-nosuch");
    assertThat(MmdebstrapFailure.aptError(List.of("I: done"))).isEmpty();
  }

  @Test
  void theErrorNamesAptsSentenceAndTheListToFix() throws IOException {
    Path log = Files.write(dir.resolve("mmdebstrap.log"), UNKNOWN_PACKAGE);
    Path list = Files.writeString(dir.resolve("packages.txt"), "python3-nosuch\n");
    BaseRecipe recipe = recipe().with(ExtraPackages.read(list));

    String message =
        MmdebstrapFailure.of("Building the base", 1, recipe, log, Message.of("")).getMessage();

    assertThat(message)
        .startsWith("Building the base failed: E: Unable to locate package python3-nosuch. Fix ")
        .contains(list.toString())
        .contains("the cached bases are unchanged")
        .doesNotContain("setup failed");
  }

  @Test
  void withoutAnAptErrorTheLogsEndIsShown() throws IOException {
    Path log = Files.write(dir.resolve("mmdebstrap.log"), List.of("I: start", "killed"));

    String message =
        MmdebstrapFailure.of("Building the base", 137, recipe(), log, Message.of("")).getMessage();

    assertThat(message).contains("(exit code 137)", "the recipe in ", "killed");
  }
}
