package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.Dirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code quickhub} wrapper answers a build with unchanged inputs from its stamp, without Java,
 * and hands everything else to Java: a changed file, an image gone from the engine. After its first
 * build, a launcher left running (the build daemon) serves the next ones, and only to the token's
 * holder.
 */
class WrapperE2ETest {

  @TempDir Path tmp;

  @Test
  void unchangedBuildIsAnsweredByTheStampAndChangesRebuild() throws Exception {
    Path cache = tmp.resolve("cache");
    try (TestHub hub = new TestHub()) {
      Path home = tmp.resolve("home");
      Sources.copy(home);
      // Its own cache folder (stamps, daemon), sharing the machine's cached bases.
      Files.createDirectories(cache.resolve("quickhub"));
      Files.createSymbolicLink(cache.resolve("quickhub/base"), Dirs.cache().resolve("base"));
      Map<String, String> env =
          Map.of("QUICKHUB_HOME", home.toString(), "XDG_CACHE_HOME", cache.toString());

      // Images of this test only: no other tag names them.
      Path config = home.resolve("image/hub/jupyterhub_config.py");
      Files.writeString(config, Files.readString(config) + "\n# " + hub.name + "\n");

      String first = wrapper(env, "build", "--image", hub.image);
      assertThat(first).startsWith("Built " + hub.image + " sha256:");
      assertThat(Files.readString(tmp.resolve("wrapper.err"))).contains("stays running");
      String[] daemon = daemonState(cache);
      assertThat(ProcessHandle.of(Long.parseLong(daemon[2]))).isPresent();
      HttpClient http = HttpClient.newHttpClient();
      for (String auth : new String[] {"Bearer wrong", "Bearer "}) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon[0] + "/build"))
                .header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString("build\n"))
                .build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode())
            .as("a request without the daemon's token")
            .isEqualTo(403);
      }
      Path stamp = onlyStamp(cache);
      FileTime stamped = Files.getLastModifiedTime(stamp);

      assertThat(wrapper(env, "build", "--image", hub.image)).isEqualTo(first);
      assertThat(Files.getLastModifiedTime(stamp)).as("answered from the stamp").isEqualTo(stamped);

      // A changed file: Java builds a new image and stamps it.
      Files.writeString(config, Files.readString(config) + "# changed by the test\n");
      String changed = wrapper(env, "build", "--image", hub.image);
      assertThat(changed).startsWith("Built " + hub.image + " sha256:").isNotEqualTo(first);
      assertThat(Files.readString(tmp.resolve("wrapper.err")))
          .as("served by the daemon, progress included")
          .contains("Hub image " + hub.image)
          .doesNotContain("stays running");
      assertThat(daemonState(cache)).isEqualTo(daemon);
      assertThat(Files.getLastModifiedTime(stamp)).isNotEqualTo(stamped);
      assertThatThrownBy(() -> hub.docker().inspectImageCmd(first.split(" ")[2]).exec())
          .as("the image the tag named before is removed, as nothing uses it")
          .isInstanceOf(NotFoundException.class);

      // The image removed from the engine: built again, with the same id.
      hub.docker().removeImageCmd(hub.image).exec();
      assertThat(wrapper(env, "build", "--image", hub.image)).isEqualTo(changed);
      assertThat(hub.engine.client().inspectImageCmd(hub.image).exec().getId())
          .isEqualTo(changed.split(" ")[2]);
    } finally {
      stopDaemons(cache);
    }
  }

  /** PORT, TOKEN and PID of the one daemon, once it has written them. */
  private static String[] daemonState(Path cache) throws Exception {
    Path daemons = cache.resolve("quickhub/daemons");
    for (int i = 0; i < 300; i++) {
      if (Files.isDirectory(daemons)) {
        try (var files = Files.list(daemons)) {
          List<Path> all = files.toList();
          if (!all.isEmpty()) {
            assertThat(all).hasSize(1);
            assertThat(Files.getPosixFilePermissions(all.get(0)))
                .containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            return Files.readString(all.get(0)).strip().split(" ");
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no build daemon wrote its state in " + daemons);
  }

  private static void stopDaemons(Path cache) throws IOException {
    Path daemons = cache.resolve("quickhub/daemons");
    if (!Files.isDirectory(daemons)) {
      return;
    }
    try (var files = Files.list(daemons)) {
      for (Path file : files.toList()) {
        String[] state = Files.readString(file).strip().split(" ");
        ProcessHandle.of(Long.parseLong(state[2])).ifPresent(ProcessHandle::destroy);
      }
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
