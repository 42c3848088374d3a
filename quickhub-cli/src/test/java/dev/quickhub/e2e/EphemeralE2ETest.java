package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.QuickHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** 'up --ephemeral' and 'down --ephemeral' from a shell script, as a CI job runs them. */
class EphemeralE2ETest {

  private static final Path HOME = Path.of(System.getProperty("quickhub.home", "."));

  private record Shell(int exitCode, String out, String err) {}

  private static Shell bash(String script) throws Exception {
    Process process =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .directory(HOME.toFile())
            .start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    System.out.println("$ " + script + "\n" + out + err);
    return new Shell(process.exitValue(), out, err);
  }

  @Test
  void ephemeralHubFromAShellScriptAnswersItsTokenAndLeavesNoTrace() throws Exception {
    try (TestHub image = new TestHub()) {
      Shell up = bash("./quickhub up --ephemeral --image " + image.image);
      String name = null;
      try {
        assertThat(up.exitCode()).as(up.err()).isZero();
        List<String> lines = up.out().lines().toList();
        assertThat(lines).as("one JSON line on stdout").hasSize(1);
        JsonNode made = new ObjectMapper().readTree(lines.get(0));
        name = made.path("name").asText();
        assertThat(name).startsWith("qhci-");
        assertThat(made.path("user").asText()).isEqualTo("ci");
        HttpResponse<String> me =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                    HttpRequest.newBuilder(URI.create(made.path("url").asText() + "hub/api/user"))
                        .header("Authorization", "token " + made.path("token").asText())
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).containsPattern("\"name\": ?\"ci\"");

        Shell down = bash("./quickhub down --ephemeral " + name);
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(TestHub.leftovers(image.docker(), name))
            .as("no container or volume left")
            .isEmpty();
        name = null;
      } finally {
        if (name != null) {
          QuickHub.builder().name(name).build().downEphemeral();
        }
      }
    }
  }

  @Test
  void downEphemeralRefusesALastingHub() throws Exception {
    try (TestHub hub = new TestHub()) {
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
      Cli refused = Cli.run("down", "--ephemeral", hub.name);
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.err()).contains("was not made by 'up --ephemeral'");
      assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getState().getRunning())
          .isTrue();
    }
  }
}
