package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.Dirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code quickhub} wrapper answers a build with unchanged inputs from its stamp, without Java,
 * and hands everything else to Java: a changed file, an image gone from the engine.
 */
class WrapperE2ETest {

  @TempDir Path tmp;

  @Test
  void unchangedBuildIsAnsweredByTheStampAndChangesRebuild() throws Exception {
    try (TestHub hub = new TestHub()) {
      Path home = tmp.resolve("home");
      Sources.copy(home);
      // Its own cache folder (for the stamps), sharing the machine's cached bases.
      Path cache = tmp.resolve("cache");
      Files.createDirectories(cache.resolve("quickhub"));
      Files.createSymbolicLink(cache.resolve("quickhub/base"), Dirs.cache().resolve("base"));
      Map<String, String> env =
          Map.of("QUICKHUB_HOME", home.toString(), "XDG_CACHE_HOME", cache.toString());

      // Images of this test only: no other tag names them.
      Path config = home.resolve("image/hub/jupyterhub_config.py");
      Files.writeString(config, Files.readString(config) + "\n# " + hub.name + "\n");

      String first = wrapper(env, "build", "--image", hub.image);
      assertThat(first).startsWith("Built " + hub.image + " sha256:");
      Path stamp = onlyStamp(cache);
      FileTime stamped = Files.getLastModifiedTime(stamp);

      assertThat(wrapper(env, "build", "--image", hub.image)).isEqualTo(first);
      assertThat(Files.getLastModifiedTime(stamp)).as("answered from the stamp").isEqualTo(stamped);

      // A changed file: Java builds a new image and stamps it.
      Files.writeString(config, Files.readString(config) + "# changed by the test\n");
      String changed = wrapper(env, "build", "--image", hub.image);
      assertThat(changed).startsWith("Built " + hub.image + " sha256:").isNotEqualTo(first);
      assertThat(Files.getLastModifiedTime(stamp)).isNotEqualTo(stamped);
      assertThatThrownBy(() -> hub.docker().inspectImageCmd(first.split(" ")[2]).exec())
          .as("the image the tag named before is removed, as nothing uses it")
          .isInstanceOf(NotFoundException.class);

      // The image removed from the engine: built again, with the same id.
      hub.docker().removeImageCmd(hub.image).exec();
      assertThat(wrapper(env, "build", "--image", hub.image)).isEqualTo(changed);
      assertThat(hub.engine.client().inspectImageCmd(hub.image).exec().getId())
          .isEqualTo(changed.split(" ")[2]);
    }
  }

  private static Path onlyStamp(Path cache) throws IOException {
    try (var stamps = Files.list(cache.resolve("quickhub/build-stamps"))) {
      List<Path> all = stamps.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }

  /** Runs ./quickhub with {@code args}; its standard output, after asserting exit code 0. */
  private String wrapper(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(concat("./quickhub", args));
    builder.environment().putAll(env);
    Path err = tmp.resolve("wrapper.err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(err)).isZero();
    return out.strip();
  }

  private static String[] concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
