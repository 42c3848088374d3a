package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources built into the launcher make the same layers as the checkout's. */
class BuiltinSourcesTest {

  @TempDir Path cache;

  @Test
  void theCheckoutsScriptsAreExactlyItsExecutableFiles() throws IOException {
    // The jar keeps no file modes: the built-ins are executable when they start with #!.
    try (Stream<Path> walk = Files.walk(Path.of("image"))) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        assertThat(Files.isExecutable(file)).as(file.toString()).isEqualTo(script(file));
      }
    }
  }

  @Test
  void theBuiltInsGiveTheCheckoutsLayersAndBaseRecipe() throws IOException {
    ImageSources checkout = ImageSources.at(Path.of("."));
    ImageSources builtIn = ImageSources.builtIn(cache);

    assertThat(builtIn.root()).startsWith(cache.resolve("sources"));
    assertThat(digest(builtIn)).isEqualTo(digest(checkout));
    assertThat(builtIn.baseRecipe().hash()).isEqualTo(checkout.baseRecipe().hash());
    assertThat(builtIn.volumesFile()).hasSameBinaryContentAs(checkout.volumesFile());
  }

  @Test
  void theyAreUnpackedOnce() throws IOException {
    Path first = ImageSources.builtIn(cache).root();

    assertThat(ImageSources.builtIn(cache).root()).isEqualTo(first);
    try (Stream<Path> left = Files.list(cache.resolve("sources"))) {
      assertThat(left.toList()).containsExactly(first);
    }
  }

  private static String digest(ImageSources sources) throws IOException {
    return BuildInputs.digest("base", ImageLayers.of(sources), List.of());
  }

  private static boolean script(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(2)).equals("#!");
    }
  }
}
