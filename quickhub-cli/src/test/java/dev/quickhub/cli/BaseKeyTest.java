package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.image.BaseRecipe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** 'build --print-base-key': the CI cache key is the short hash naming the cached base's folder. */
class BaseKeyTest {

  @Test
  void printsTheRecipeHashOfTheHubFolderAndBuildsNothing() {
    CommandLineRun cli = new CommandLineRun();
    Path checkout = Path.of("").toAbsolutePath();
    String expected = BaseRecipe.load(checkout.resolve("image/base")).shortHash();

    assertThat(cli.run("build", "--print-base-key", "--project", checkout.toString())).isZero();

    assertThat(cli.out.toString()).isEqualTo(expected + System.lineSeparator());
    assertThat(expected).matches("[0-9a-f]{12}");
    assertThat(cli.err.toString()).isEmpty();
  }
}
