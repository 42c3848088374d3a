package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.QuickHub;
import dev.quickhub.engine.Engine;
import dev.quickhub.image.BaseImageBuilder;
import dev.quickhub.image.BaseRecipe;
import dev.quickhub.report.Progress;
import dev.quickhub.system.Dirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/ci/hub-steps.sh, the steps of the CI workflow in docs/ci.md, run here as the workflow runs
 * them: the cache key, then a throw-away hub that a test command logs in to, removed afterwards.
 * The cache is a temporary one holding a copy of the cached base, so nothing is rebuilt and the
 * original is never touched.
 */
class CiStepsE2ETest {

  private static final Path SCRIPT = Path.of("docs/ci/hub-steps.sh");

  /** The project's tests of the example: the API with the token, a user added, a form login. */
  private static final String PROJECT_TESTS =
      """
      set -euo pipefail
      cp "$QUICKHUB_HUB_FILE" "$SEEN"
      echo "hub file mode $(stat -c %a "$QUICKHUB_HUB_FILE")"
      field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$QUICKHUB_HUB_FILE" "$1"; }
      url="$(field url)"
      field token | sed 's/^/Authorization: token /' > "$WORK/header"
      curl -sf -H @"$WORK/header" "${url}hub/api/user" | grep -q '"name": *"ci"' && echo "API answers ci"
      $QUICKHUB users add tester --name "$QUICKHUB_HUB_NAME" --password-stdin --verbose <<< "$TESTER_PASSWORD"
      jar="$WORK/cookies"
      curl -sf -c "$jar" -b "$jar" -o /dev/null "${url}hub/login"
      xsrf="$(awk '$6 == "_xsrf" {print $7}' "$jar")"
      printf %s "$TESTER_PASSWORD" | curl -s -c "$jar" -b "$jar" -o /dev/null \\
        --data-urlencode username=tester --data-urlencode password@- --data-urlencode "_xsrf=$xsrf" \\
        "${url}hub/login"
      grep -q jupyterhub-hub-login "$jar" && echo "tester logged in"
      """;

  @TempDir Path work;

  @Test
  void theWorkflowsStepsGiveAHubThatAnswersALoginAndLeaveNothingBehind() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String image = "quick-jupyterhub-test:" + id;
    String password = "pw-" + UUID.randomUUID();
    Path cache = work.resolve("cache");
    Path state = work.resolve("state");
    Map<String, String> env =
        Map.of(
            "XDG_CACHE_HOME", cache.toString(),
            "XDG_CONFIG_HOME", work.resolve("config").toString(),
            "XDG_STATE_HOME", state.toString(),
            "QUICKHUB", "./quickhub",
            "QUICKHUB_UP_ARGS", "--image " + image,
            "QUICKHUB_DAEMON", "0",
            "TESTER_PASSWORD", password,
            "SEEN", work.resolve("seen.json").toString(),
            "WORK", work.toString());

    Shell key = run(env, SCRIPT.toString(), "cache-key");
    assertThat(key.exitCode()).as(key.err()).isZero();
    Matcher hash = Pattern.compile("key=quickhub-base-([0-9a-f]{12})\n").matcher(key.out());
    assertThat(hash.find()).as(key.out()).isTrue();
    Path base = cache.resolve("quickhub/base").resolve(hash.group(1));
    assertThat(key.out()).contains("path=" + base + "\n");
    // As a CI cache restores it: the cached base under the key's path, a copy of the real one
    // (built first when this test is the first to need it).
    BaseRecipe recipe = BaseRecipe.load(Path.of("image/base"));
    assertThat(recipe.shortHash()).isEqualTo(hash.group(1));
    try (Engine engine = Engine.fromEnvironment().requireAnswering()) {
      new BaseImageBuilder(Dirs.cache(), engine::client, Optional.empty(), Progress.silent())
          .baseFor(recipe, false);
    }
    Path cached = Dirs.cache().resolve("base").resolve(hash.group(1));
    Files.createDirectories(base);
    for (String file : List.of("base.tar", "base.json")) {
      Files.copy(cached.resolve(file), base.resolve(file));
    }

    DockerClient docker = Engine.fromEnvironment().requireAnswering().client();
    String name = null;
    try {
      Shell steps = run(env, SCRIPT.toString(), "test", "bash", "-c", PROJECT_TESTS);
      Matcher made = Pattern.compile("\"name\":\"(qhci-[0-9a-f]{8})\"").matcher(steps.out());
      name = made.find() ? made.group(1) : null;
      assertThat(steps.exitCode()).as(steps.err()).isZero();
      assertThat(steps.out()).contains("hub file mode 600", "API answers ci", "tester logged in");
      assertThat(steps.err()).doesNotContain("Building the base image");

      JsonNode seen = new ObjectMapper().readTree(work.resolve("seen.json").toFile());
      assertThat(seen.path("name").asText()).isEqualTo(name);
      String token = seen.path("token").asText();
      assertThat(token).isNotBlank();
      Path logFile = state.resolve("quickhub/quickhub.log");
      String log = Files.isRegularFile(logFile) ? Files.readString(logFile) : "";
      for (String secret : List.of(token, password)) {
        assertThat(steps.out() + steps.err() + log).doesNotContain(secret);
      }

      assertThat(TestHub.leftovers(docker, name)).as("no container or volume left").isEmpty();
      name = null;
    } finally {
      if (name != null) {
        try {
          QuickHub.builder().name(name).build().downEphemeral();
        } catch (RuntimeException e) {
          System.out.println("hub " + name + " was removed already: " + e.getMessage());
        }
      }
      try {
        docker.removeImageCmd(image).exec();
      } catch (NotFoundException e) {
        // Never built.
      }
    }
  }

  @Test
  void theDocShowsTheWorkflowThatCallsTheScript() throws IOException {
    String workflow = Files.readString(Path.of("docs/ci/quickhub-hub.yml"));
    assertThat(Files.readString(Path.of("docs/ci.md"))).contains(workflow);
    assertThat(workflow)
        .contains("run: .quickhub/docs/ci/hub-steps.sh cache-key")
        .contains("key: ${{ steps.base.outputs.key }}")
        .contains("run: .quickhub/docs/ci/hub-steps.sh test ");
  }

  private record Shell(int exitCode, String out, String err) {}

  private static Shell run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread reader =
        new Thread(
            () -> {
              try {
                err.complete(
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                err.completeExceptionally(e);
              }
            });
    reader.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(15, TimeUnit.MINUTES)).isTrue();
    Shell shell = new Shell(process.exitValue(), out, err.get());
    System.out.println("$ " + String.join(" ", command) + "\n" + out + shell.err());
    return shell;
  }
}
