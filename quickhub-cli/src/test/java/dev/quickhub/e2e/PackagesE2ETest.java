package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import dev.quickhub.client.HubClient;
import dev.quickhub.engine.Engine;
import dev.quickhub.system.Dirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub folder's packages.txt: its packages come with a base of their own (python3-numpy imports in
 * a user's kernel; r-cran-irkernel's R kernel is listed and runs), an unknown name fails with apt's
 * sentence and leaves the running hub and the cached bases as they were, and removing the lines
 * goes back to the default recipe's cached base, where numpy is missing again. One new base is
 * built (minutes, bound by the Debian mirror); the test removes it, its engine tag and the failed
 * build's log folder, never the default recipe's base.
 */
class PackagesE2ETest {

  private static final Duration SPAWN = Duration.ofMinutes(3);
  private static final Duration KERNEL = Duration.ofMinutes(2);
  private static final String NUMPY =
      "try:\n"
          + "    import numpy\n"
          + "    print('numpy sum', numpy.arange(4).sum())\n"
          + "except ImportError as e:\n"
          + "    print('no numpy:', e)\n";

  @TempDir Path tmp;

  @Test
  void extraPackagesComeWithTheirBaseAndGoWithTheirLines() throws Exception {
    Path folder = tmp.resolve("course");
    Path list = folder.resolve("packages.txt");
    List<String> madeKeys = new ArrayList<>();
    try (TestHub hub = new TestHub()) {
      assertThat(Cli.run("init", folder.toString()).exitCode()).isZero();
      String defaultKey = baseKey(folder);
      // The default base, built here when no test before this one has (it is kept: shared).
      Cli first = Cli.run("build", "--project", folder.toString(), "--image", hub.image("first"));
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(baseArchive(defaultKey)).as("the default base is cached").exists();

      Files.writeString(list, "# for the class\npython3-numpy\nr-cran-irkernel\n");
      String numpyKey = baseKey(folder);
      assertThat(numpyKey).isNotEqualTo(defaultKey);
      madeKeys.add(numpyKey);
      Cli up = Cli.run(up(hub, hub.image("numpy"), folder));
      assertThat(up.exitCode()).as(up.err()).isZero();
      assertThat(up.out() + up.err())
          .contains("The base adds the Debian packages of " + list)
          .contains("python3-numpy, r-cran-irkernel");
      assertThat(baseArchive(numpyKey)).exists();

      HubClient user1 = HubClient.at(hub.url());
      assertThat(user1.login("user1", "user1")).isTrue();
      user1.startServer(SPAWN);
      assertThat(user1.runCode("python3", NUMPY, KERNEL)).contains("numpy sum 6");
      assertThat(user1.get("user/user1/api/kernelspecs").body())
          .as("Debian's r-cran-irkernel ships its kernelspec: the launcher lists it")
          .contains("\"ir\"");
      assertThat(user1.runCode("ir", "cat(6 * 7)", KERNEL)).contains("42");
      String running = hub.docker().inspectContainerCmd(hub.name).exec().getId();

      Files.writeString(list, "python3-numpy\npython3-nosuch\n");
      madeKeys.add(baseKey(folder));
      Cli bad = Cli.run(up(hub, hub.image("bad"), folder));
      assertThat(bad.exitCode()).isNotZero();
      assertThat(bad.err())
          .contains("quickhub: Building the base image")
          .contains("failed: E: Unable to locate package python3-nosuch. Fix " + list)
          .doesNotContain("Exception");
      assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getId())
          .as("the running hub is untouched")
          .isEqualTo(running);
      assertThat(user1.runCode("python3", NUMPY, KERNEL)).contains("numpy sum 6");
      assertThat(baseArchive(numpyKey)).as("the previous base stays cached").exists();
      assertThat(baseArchive(defaultKey)).exists();

      Files.writeString(list, "# python3-numpy\n");
      assertThat(baseKey(folder)).as("no lines: the default recipe's key").isEqualTo(defaultKey);
      Cli back = Cli.run(up(hub, hub.image("plain"), folder));
      assertThat(back.exitCode()).as(back.err()).isZero();
      assertThat(back.out() + back.err())
          .doesNotContain("The base adds")
          .as("the cached default base serves")
          .doesNotContain("Building the base image");
      assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getId()).isNotEqualTo(running);
      HubClient again = HubClient.at(hub.url());
      assertThat(again.login("user1", "user1")).isTrue();
      again.startServer(SPAWN);
      assertThat(again.runCode("python3", NUMPY, KERNEL)).contains("no numpy:");
      assertThat(again.get("user/user1/api/kernelspecs").body()).doesNotContain("\"ir\"");
    } finally {
      for (String key : madeKeys) {
        removeBase(key);
      }
    }
  }

  private static String[] up(TestHub hub, String image, Path folder) {
    return new String[] {
      "up",
      "--name",
      hub.name,
      "--image",
      image,
      "--port",
      String.valueOf(hub.port),
      "--project",
      folder.toString()
    };
  }

  private static String baseKey(Path folder) {
    Cli key = Cli.run("build", "--print-base-key", "--project", folder.toString());
    assertThat(key.exitCode()).as(key.err()).isZero();
    return key.out().strip();
  }

  private static Path baseArchive(String key) {
    return Dirs.cache().resolve("base").resolve(key).resolve("base.tar");
  }

  /** The cache folder and engine tags of a base this test made. */
  private static void removeBase(String key) throws IOException {
    Path dir = Dirs.cache().resolve("base").resolve(key);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    try (Engine engine = Engine.fromEnvironment().requireAnswering()) {
      DockerClient docker = engine.client();
      for (Image image : docker.listImagesCmd().exec()) {
        for (String tag : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
          if (tag.startsWith("quickhub-base:" + key + "-")) {
            try {
              docker.removeImageCmd(tag).exec();
            } catch (NotFoundException gone) {
              // Removed meanwhile.
            }
          }
        }
      }
    }
  }
}
