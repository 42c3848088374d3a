package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.client.HubClient;
import dev.quickhub.image.ImageSources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A hub folder's own changes: a {@code config.d} snippet sets the login page's message, {@code
 * jupyterlab/overrides.json} makes the dark theme every user's default, and a broken snippet makes
 * {@code up} refuse, naming file and line, while the running hub keeps answering in its container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomizeE2ETest {

  private static final String MESSAGE = "Physics 101: log in with your course account";
  private static final String THEMES = "@jupyterlab/apputils-extension:themes";
  private static final ObjectMapper JSON = new ObjectMapper();
  // HTTP/1.1: the hub's proxy drops Java's default HTTP/2 upgrade request.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private TestHub hub;
  private Path folder;
  private String container;

  @BeforeAll
  void hubWithItsOwnSnippetAndLabDefaults() throws Exception {
    hub = new TestHub();
    folder = Files.createTempDirectory("quickhub-customize-");
    ImageSources sources = Sources.copy(folder);
    Files.createDirectories(folder.resolve("config.d"));
    Files.writeString(
        folder.resolve("config.d/10-login.py"),
        "c.JupyterHub.template_vars = {'announcement_login': '" + MESSAGE + "'}\n");
    Files.createDirectories(folder.resolve("jupyterlab"));
    Files.writeString(
        folder.resolve("jupyterlab/overrides.json"),
        "{\"" + THEMES + "\": {\"theme\": \"JupyterLab Dark\"}}\n");
    assertThat(sources.root()).isEqualTo(folder.toAbsolutePath().normalize());
    Cli up = Cli.run(hub.args("up", "--project", folder.toString()));
    assertThat(up.exitCode()).as(up.err()).isZero();
    container = hub.docker().inspectContainerCmd(hub.name).exec().getId();
  }

  @AfterAll
  void removeTheHubAndFolder() throws Exception {
    try {
      if (hub != null) {
        hub.close();
      }
    } finally {
      if (folder != null) {
        Sources.deleteTree(folder);
      }
    }
  }

  @Test
  @Order(1)
  void theLoginPageShowsTheSnippetsMessage() {
    HttpResponse<String> login = HubClient.at(hub.url()).get("hub/login");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains(MESSAGE);
  }

  @Test
  @Order(2)
  void theOverrideIsEveryUsersDefaultAndAUsersOwnChoiceWins() throws Exception {
    // Started ahead: on a busy machine a login that waited for its spawn failed with HubClient's
    // "connect timed out" (5 s) although the hub answered.
    Cli start = Cli.run("users", "start", "--name", hub.name, "user1", "admin");
    assertThat(start.exitCode()).as(start.err()).isZero();
    Lab user1 = Lab.of(hub, "user1");
    assertThat(user1.theme()).isEqualTo("JupyterLab Dark");
    user1.setTheme("JupyterLab Light");
    assertThat(user1.theme()).as("the user's own setting wins").isEqualTo("JupyterLab Light");
    assertThat(Lab.of(hub, "admin").theme())
        .as("another user still gets the default")
        .isEqualTo("JupyterLab Dark");
  }

  @Test
  @Order(3)
  void aSnippetWithASyntaxErrorIsRefusedAndTheHubKeepsRunning() throws Exception {
    Files.writeString(
        folder.resolve("config.d/20-broken.py"),
        "c.JupyterHub.template_vars = {\n    'announcement_login': 'unclosed',\n");
    assertRefusedWith("config.d/20-broken.py, line 1: SyntaxError:");
  }

  @Test
  @Order(4)
  void aSnippetThatRaisesIsRefusedAndTheHubKeepsRunning() throws Exception {
    Files.writeString(
        folder.resolve("config.d/20-broken.py"),
        "courses = {}\nc.JupyterHub.template_vars = courses['physics']\n");
    assertRefusedWith("config.d/20-broken.py, line 2: KeyError: 'physics'");
  }

  private void assertRefusedWith(String where) {
    Cli up =
        Cli.run(
            "up",
            "--name",
            hub.name,
            "--image",
            hub.image("broken-" + System.nanoTime()),
            "--port",
            String.valueOf(hub.port),
            "--project",
            folder.toString());
    assertThat(up.exitCode()).isEqualTo(1);
    // The build's progress comes first; the refusal is the last line.
    assertThat(up.err().strip().lines().reduce((first, second) -> second).orElse(""))
        .startsWith("quickhub: The hub configuration of " + hub.name + " does not load (")
        .contains(where)
        .endsWith("nothing was changed.");
    assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getId())
        .as("the running hub's container is the same")
        .isEqualTo(container);
    assertThat(HubClient.at(hub.url()).get("hub/login").body())
        .as("the running hub still answers")
        .contains(MESSAGE);
  }

  /** A user's JupyterLab settings through the settings API of their server, with their token. */
  private record Lab(String base, String token) {

    static Lab of(TestHub hub, String user) {
      HubClient client = HubClient.at(hub.url());
      assertThat(client.login(user, user)).isTrue();
      return new Lab(
          hub.url() + "user/" + user + "/lab/api/settings/" + THEMES, client.newApiToken("test"));
    }

    /** The theme the user's JupyterLab shows. */
    String theme() throws Exception {
      HttpResponse<String> response = send(request().GET());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      // The user's own setting, else the schema's default, where the server puts the override.
      JsonNode answer = JSON.readTree(response.body());
      JsonNode own = answer.path("settings").path("theme");
      return own.isTextual()
          ? own.asText()
          : answer.path("schema").path("properties").path("theme").path("default").asText();
    }

    void setTheme(String theme) throws Exception {
      String raw = JSON.writeValueAsString(JSON.createObjectNode().put("theme", theme));
      String body = JSON.writeValueAsString(JSON.createObjectNode().put("raw", raw));
      HttpResponse<String> response =
          send(
              request()
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(body)));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private HttpRequest.Builder request() {
      return HttpRequest.newBuilder(URI.create(base))
          .header("Authorization", "token " + token)
          .timeout(Duration.ofSeconds(60));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
