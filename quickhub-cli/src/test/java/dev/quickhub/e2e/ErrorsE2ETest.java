package dev.quickhub.e2e;

import static dev.quickhub.cli.AsCli.asCli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.QuickHub;
import dev.quickhub.engine.Labels;
import dev.quickhub.image.ImageSources;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.Dirs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The errors a new user hits: each is one sentence with what to do, a non-zero exit, and nothing
 * deleted. Real engine, real mmdebstrap, real hub containers.
 */
class ErrorsE2ETest {

  @TempDir Path tmp;

  @Test
  void noEngineAtTheGivenAddressSaysHowToGetOne() {
    Cli status =
        Cli.run(
            "status", "--host", "unix://" + tmp.resolve("no-engine.sock"), "--no-install-engine");
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.err().strip())
        .startsWith("quickhub: No Docker engine answers at unix://")
        .contains("start one")
        .contains("--host or DOCKER_HOST")
        .hasLineCount(1);
  }

  @Test
  void portInUseNamesThePortAndSuggestsAnotherAndLeavesNoNewVolumes() throws Exception {
    try (TestHub hub = new TestHub();
        ServerSocket taken = new ServerSocket(hub.port, 1, InetAddress.getByName("127.0.0.1"))) {
      Cli up = Cli.run(hub.args("up"));
      assertThat(up.exitCode()).isEqualTo(1);
      assertThat(up.err())
          .contains(
              "Port " + hub.port + " on 127.0.0.1 is already in use; choose another with --port.");
      assertThat(exists(hub, hub.name)).as("no half-started container is left").isFalse();
      assertThat(TestHub.leftovers(hub.docker(), hub.name))
          .as("the volumes this up made are removed")
          .isEmpty();
    }
  }

  @Test
  void aRefusedUpKeepsTheVolumesThatWereThereBefore() throws Exception {
    try (TestHub hub = new TestHub();
        ServerSocket taken = new ServerSocket(hub.port, 1, InetAddress.getByName("127.0.0.1"))) {
      // The home volume of a hub that existed before, as quickhub labels it.
      String home = hub.name + "_home";
      hub.docker().createVolumeCmd().withName(home).withLabels(Map.of(Labels.HUB, hub.name)).exec();
      Cli up = Cli.run(hub.args("up"));
      assertThat(up.exitCode()).isEqualTo(1);
      assertThat(up.err()).contains("Port " + hub.port + " on 127.0.0.1 is already in use");
      assertThat(TestHub.leftovers(hub.docker(), hub.name))
          .as("only the volume that was there before is left")
          .containsExactly("volume " + home);
    }
  }

  @Test
  void missingBaseTarballAndUnreachableBaseImageAreNamed() {
    Cli tarball = Cli.run("build", "--base", "./missing-base.tar", "--image", "qh-never:1");
    assertThat(tarball.exitCode()).isEqualTo(1);
    assertThat(tarball.err()).contains("missing-base.tar does not exist");
    // A registry on loopback where nothing listens: the pull fails at once, and no traffic leaves.
    Cli registry = Cli.run("build", "--base", "localhost:1/nothing:1", "--image", "qh-never:1");
    assertThat(registry.exitCode()).isEqualTo(1);
    assertThat(registry.err()).contains("The base image 'localhost:1/nothing:1' was not found");
  }

  @Test
  void failedBaseBuildQuotesTheEndOfItsLog() throws Exception {
    ImageSources sources = Sources.copy(tmp.resolve("src"));
    // An unknown variant fails inside mmdebstrap before any download.
    Files.writeString(
        sources.baseRecipeDir().resolve("recipe.properties"),
        "suite=trixie\nvariant=nosuchvariant\n");
    QuickHub hub = QuickHub.builder().sources(sources).cacheDir(tmp.resolve("cache")).build();
    assertThatThrownBy(asCli(hub::buildImage))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("Building the base image with mmdebstrap failed")
        .hasMessageContaining("--base")
        .hasMessageContaining("variant");
  }

  @Test
  void fullDiskDuringTheImageBuildIsSaidPlainly() throws Exception {
    assumeTrue(
        "0"
            .equals(
                new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes())
                    .strip()),
        "mounting a small tmpfs needs root");
    Path small = Files.createDirectories(tmp.resolve("small"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", small.toString())
            .start();
    assumeTrue(mount.waitFor() == 0, "tmpfs mounts are not allowed here");
    try (TestHub hub = new TestHub()) {
      // The cached base stays where it is; Jib's layer caches go to the 32 MB file system.
      Files.createSymbolicLink(small.resolve("base"), Dirs.cache().resolve("base"));
      QuickHub quickHub = QuickHub.builder().cacheDir(small).imageTag(hub.image).build();
      assertThatThrownBy(quickHub::buildImage)
          .isInstanceOf(QuickHubException.class)
          .hasMessageStartingWith("The disk is full while building the hub image")
          .hasMessageContaining("free some space");
      assertThat(Files.exists(Dirs.cache().resolve("base")))
          .as("the cached base is untouched")
          .isTrue();
    } finally {
      new ProcessBuilder("umount", small.toString()).start().waitFor();
    }
  }

  @Test
  void hubThatFailsAtStartShowsTheEndOfItsLog() throws Exception {
    try (TestHub hub = new TestHub()) {
      QuickHub quickHub =
          hubWithConfigEnding(hub, "raise RuntimeError('broken on purpose by the test')").build();
      assertThatThrownBy(quickHub::up)
          .isInstanceOf(QuickHubException.class)
          .hasMessageContaining("Hub " + hub.name + " stopped while starting")
          .hasMessageContaining("broken on purpose by the test");
    }
  }

  @Test
  void hubThatNeverAnswersTimesOutWithItsLog() throws Exception {
    try (TestHub hub = new TestHub()) {
      QuickHub quickHub =
          hubWithConfigEnding(
                  hub,
                  "print('stuck on purpose by the test', flush=True)\nimport time\ntime.sleep(3600)")
              .healthTimeout(Duration.ofSeconds(15))
              .build();
      assertThatThrownBy(quickHub::up)
          .isInstanceOf(QuickHubException.class)
          .hasMessageContaining("did not answer")
          .hasMessageContaining("within 15 s")
          .hasMessageContaining("stuck on purpose by the test");
      assertThat(exists(hub, hub.name)).as("left running for 'quickhub logs'").isTrue();
    }
  }

  /**
   * A hub built from a copy of the sources whose hub configuration ends with {@code python}, run
   * when the hub itself loads it (not quickhub's check before a start, which would refuse it).
   */
  private QuickHub.Builder hubWithConfigEnding(TestHub hub, String python) throws Exception {
    ImageSources sources = Sources.copy(tmp.resolve("src"));
    Path config = sources.imageDir().resolve("hub/jupyterhub_config.py");
    String indented = python.replace("\n", "\n    ");
    Files.writeString(
        config,
        Files.readString(config)
            + "\nif sys.argv[0].endswith('jupyterhub'):\n    "
            + indented
            + "\n");
    return QuickHub.builder().sources(sources).name(hub.name).imageTag(hub.image).port(hub.port);
  }

  private static boolean exists(TestHub hub, String container) {
    try {
      hub.docker().inspectContainerCmd(container).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
