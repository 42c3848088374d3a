package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.system.Dirs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code quickhub} wrapper answers a build with unchanged inputs from its stamp, without Java,
 * and hands everything else to Java: a changed file, an image gone from the engine. After its first
 * build, a launcher left running (the build daemon) serves the next ones, only to the token's
 * holder and only plain builds; the token never appears on a command line.
 */
class WrapperE2ETest {

  @TempDir Path tmp;

  @Test
  void unchangedBuildIsAnsweredByTheStampAndChangesRebuild() throws Exception {
    Path cache = tmp.resolve("cache");
    try (TestHub hub = new TestHub()) {
      Map<String, String> env = checkout(hub, cache);
      Path config = hubConfig();

      String first = wrapper(env, "build", "--image", hub.image);
      assertThat(first).startsWith("Built " + hub.image + " sha256:");
      assertThat(Files.readString(tmp.resolve("wrapper.err"))).contains("stays running");
      String[] daemon = daemonState(cache);
      assertThat(ProcessHandle.of(Long.parseLong(daemon[2]))).isPresent();
      for (String auth : new String[] {"Bearer wrong", "Bearer "}) {
        assertThat(send(daemon[0], auth, List.of("build")).statusCode())
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

  @Test
  void theDaemonRunsOnlyPlainBuilds() throws Exception {
    Path cache = tmp.resolve("cache");
    try (TestHub hub = new TestHub()) {
      Map<String, String> env = checkout(hub, cache);
      String first = wrapper(env, "build", "--image", hub.image);
      String[] daemon = daemonState(cache);

      // Each would tag, rebuild or start something of this test's own if it ran.
      String refused = hub.image("refused");
      String port = String.valueOf(hub.port);
      Map<List<String>, String> requests =
          Map.of(
              List.of("build", "--image", refused, "--base", hub.image), "'--base'",
              List.of("build", "--refresh-base"), "'--refresh-base'",
              List.of("build", "--image", refused, "--verbose"), "'--verbose'",
              List.of("up", "--name", hub.name, "--image", refused, "--port", port), "not 'up");
      for (Map.Entry<List<String>, String> request : requests.entrySet()) {
        HttpResponse<InputStream> answer = send(daemon[0], "Bearer " + daemon[1], request.getKey());
        try (InputStream body = answer.body()) {
          // Checked before reading on: a daemon that runs it answers 200 at once.
          assertThat(answer.statusCode()).as("%s", request.getKey()).isEqualTo(400);
          assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
              .as("%s", request.getKey())
              .startsWith("The build daemon runs only 'build [--name HUB] [--image TAG]'")
              .contains(request.getValue())
              .endsWith(".\n")
              .hasLineCount(1);
        }
      }

      assertThatThrownBy(() -> hub.docker().inspectImageCmd(refused).exec())
          .as("nothing tagged")
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> hub.docker().inspectContainerCmd(hub.name).exec())
          .as("nothing started")
          .isInstanceOf(NotFoundException.class);
      assertThat(hub.docker().inspectImageCmd(hub.image).exec().getId())
          .isEqualTo(first.split(" ")[2]);
      assertThat(daemonState(cache)).as("still serving").isEqualTo(daemon);
    } finally {
      stopDaemons(cache);
    }
  }

  @Test
  void theTokenIsInNoArgv() throws Exception {
    Path cache = tmp.resolve("cache");
    try (TestHub hub = new TestHub()) {
      Map<String, String> env = new HashMap<>(checkout(hub, cache));
      wrapper(env, "build", "--image", hub.image);
      String[] daemon = daemonState(cache);
      String token = daemon[1];
      // The daemon answers once its warm-up build (which reads the sources) is done: edits go
      // after.
      assertThat(send(daemon[0], "Bearer wrong", List.of("build")).statusCode()).isEqualTo(403);

      // A curl on the PATH that records its arguments and the config it reads, then runs curl.
      Path shim = tmp.resolve("shim");
      Path argv = tmp.resolve("curl.argv");
      Path config = tmp.resolve("curl.config");
      Files.createDirectories(shim);
      Files.writeString(
          shim.resolve("curl"),
          """
          #!/bin/bash
          printf '%s\\n' "$@" >> ARGV
          args=()
          while [ $# -gt 0 ]; do
            case "$1" in
              --config | -K) cat "$2" > CONFIG; args+=("$1" CONFIG); shift 2 ;;
              *) args+=("$1"); shift ;;
            esac
          done
          exec REAL "${args[@]}"
          """
              .replace("ARGV", argv.toString())
              .replace("CONFIG", config.toString())
              .replace("REAL", realCurl().toString()));
      Files.setPosixFilePermissions(
          shim.resolve("curl"), PosixFilePermissions.fromString("rwx------"));
      env.put("PATH", shim + ":" + System.getenv("PATH"));

      Path sources = hubConfig();
      Files.writeString(sources, Files.readString(sources) + "# changed by the test\n");
      assertThat(wrapper(env, "build", "--image", hub.image)).startsWith("Built " + hub.image);
      assertThat(Files.readString(argv)).contains("http://127.0.0.1:").doesNotContain(token);
      assertThat(Files.readString(tmp.resolve("wrapper.err")))
          .as("served by the daemon")
          .contains("Hub image " + hub.image)
          .doesNotContain("stays running");
      assertThat(Files.readString(config))
          .as("the token went to curl in its config")
          .contains("Authorization: Bearer " + token);
    } finally {
      stopDaemons(cache);
    }
  }

  /** Asks the daemon on {@code port} to run {@code args}; its answer, the body not yet read. */
  private static HttpResponse<InputStream> send(String port, String auth, List<String> args)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/build"))
                .header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", args) + "\n"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
  }

  /**
   * A copy of the checkout for {@code hub}, with its own cache folder (stamps, daemon) sharing the
   * machine's cached bases; the wrapper's environment for it.
   */
  private Map<String, String> checkout(TestHub hub, Path cache) throws IOException {
    Path home = tmp.resolve("home");
    Sources.copy(home);
    Files.createDirectories(cache.resolve("quickhub"));
    Files.createSymbolicLink(cache.resolve("quickhub/base"), Dirs.cache().resolve("base"));
    // Images of this test only: no other tag names them.
    Path config = hubConfig();
    Files.writeString(config, Files.readString(config) + "\n# " + hub.name + "\n");
    // Its own config folder too: other hubs' remembered options, changing, would void the stamps.
    return Map.of(
        "QUICKHUB_HOME",
        home.toString(),
        "XDG_CACHE_HOME",
        cache.toString(),
        "XDG_CONFIG_HOME",
        tmp.resolve("config").toString());
  }

  private Path hubConfig() {
    return tmp.resolve("home/image/hub/jupyterhub_config.py");
  }

  private static Path realCurl() {
    for (String dir : System.getenv("PATH").split(":")) {
      Path curl = Path.of(dir, "curl");
      if (Files.isExecutable(curl)) {
        return curl;
      }
    }
    throw new AssertionError("curl is not installed");
  }

  /** PORT, TOKEN and PID of the one daemon, once it has written them. */
  private static String[] daemonState(Path cache) throws Exception {
    Path daemons = cache.resolve("quickhub/daemons");
    for (int i = 0; i < 300; i++) {
      if (Files.isDirectory(daemons)) {
        List<Path> all = stateFiles(daemons);
        if (!all.isEmpty()) {
          assertThat(all).hasSize(1);
          assertThat(Files.getPosixFilePermissions(all.get(0)))
              .containsExactlyInAnyOrder(
                  PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
          return Files.readString(all.get(0)).strip().split(" ");
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no build daemon wrote its state in " + daemons);
  }

  /** The daemons' state files, without one being written (moved into place when complete). */
  private static List<Path> stateFiles(Path daemons) throws IOException {
    try (var files = Files.list(daemons)) {
      return files.filter(file -> !file.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  private static void stopDaemons(Path cache) throws IOException {
    Path daemons = cache.resolve("quickhub/daemons");
    if (!Files.isDirectory(daemons)) {
      return;
    }
    for (Path file : stateFiles(daemons)) {
      String[] state = Files.readString(file).strip().split(" ");
      ProcessHandle.of(Long.parseLong(state[2])).ifPresent(ProcessHandle::destroy);
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
