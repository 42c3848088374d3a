package dev.quickhub.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.client.HubClient;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A TA looks at a student's server through JupyterHub 5's sharing: student s1 shares with the TA
 * ta1 (a member of the Linux group c101-ta), revokes, then shares with the group; a third student,
 * s3, never gets in. Everyone works through the REST API with their own token, as with curl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharingE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NOTEBOOK = "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4}";
  private static final String CONTENTS =
      "user/s1/api/contents/week1.ipynb?type=file&format=text&content=1";
  private static final String SHARES = "hub/api/shares/s1/";

  /** A revoked share must stop working within this; the servers cache the hub's answers 10 s. */
  private static final Duration REVOKE_LIMIT = Duration.ofSeconds(30);

  private TestHub hub;
  private Api s1;
  private Api ta1;
  private Api s3;
  private Api admin;

  @BeforeAll
  void aCourseHubRestartedAfterItsAccountsWereMade() {
    hub = new TestHub();
    assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
    add("s1");
    add("s3");
    add("ta1", "--group", "c101-ta");
    // The start mirrors Linux groups as hub groups: no one has logged in since.
    assertThat(Cli.run(hub.args("down")).exitCode()).isZero();
    assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
    admin = Api.login(hub, "admin", "admin");
  }

  @AfterAll
  void removeTheHub() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  private void add(String user, String... more) {
    List<String> args =
        new ArrayList<>(List.of("users", "add", "--name", hub.name, user, "--password-stdin"));
    args.addAll(List.of(more));
    Cli add = Cli.runWithStdin(user + "-pw-7\n", args.toArray(String[]::new));
    assertThat(add.exitCode()).as(add.err()).isZero();
  }

  @Test
  @Order(1)
  void theTaGroupIsAHubGroupWithItsMembersBeforeTheTaLoggedIn() throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    HttpResponse<String> group = admin.send("GET", "hub/api/groups/c101-ta", null);
    while (group.statusCode() == 404 && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      group = admin.send("GET", "hub/api/groups/c101-ta", null);
    }
    assertThat(group.statusCode()).as(group.body()).isEqualTo(200);
    assertThat(JSON.readTree(group.body()).path("users").toString()).isEqualTo("[\"ta1\"]");
    assertThat(admin.send("GET", "hub/api/groups/s1", null).statusCode())
        .as("a user's own group is not mirrored")
        .isEqualTo(404);
    assertThat(JSON.readTree(admin.send("GET", "hub/api/users/ta1", null).body()).path("groups"))
        .as("ta1 has a hub user, made by the start's sync")
        .hasToString("[\"c101-ta\"]");

    HubClient student = HubClient.at(hub.url());
    assertThat(student.login("s1", "s1-pw-7")).isTrue();
    student.startServer(Duration.ofMinutes(3));
    student.writeFile("week1.ipynb", NOTEBOOK);
    s1 = new Api(hub, student.newApiToken("sharing"));
    ta1 = Api.login(hub, "ta1", "ta1-pw-7");
    s3 = Api.login(hub, "s3", "s3-pw-7");
    assertThat(s1.send("GET", CONTENTS, null).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void withoutAShareNoOneElseGetsInAndNoOneElseCanShare() throws Exception {
    assertThat(ta1.send("GET", CONTENTS, null).statusCode()).isEqualTo(403);
    assertThat(s3.send("GET", CONTENTS, null).statusCode()).isEqualTo(403);
    // The hub answers 404 where the caller may not even see the server.
    assertThat(s3.send("POST", SHARES, "{\"user\": \"s3\"}").statusCode())
        .as("s3 shares s1's server with themself")
        .isIn(403, 404);
    assertThat(s3.send("POST", "hub/api/share-codes/s1/", "{}").statusCode()).isIn(403, 404);
    assertThat(ta1.send("GET", "hub/api/shares/s1", null).statusCode()).isIn(403, 404);
    assertThat(JSON.readTree(admin.send("GET", "hub/api/shares/s1", null).body()).path("items"))
        .isEmpty();
    assertThat(
            JSON.readTree(admin.send("GET", "hub/api/share-codes/s1", null).body()).path("items"))
        .isEmpty();
  }

  @Test
  @Order(3)
  void aShareWithTheTaLetsThemReadTheNotebookAndAnAdminListsIt() throws Exception {
    HttpResponse<String> share = s1.send("POST", SHARES, "{\"user\": \"ta1\"}");
    assertThat(share.statusCode()).as(share.body()).isEqualTo(200);
    // ta1's last answer (403) may still be cached by s1's server.
    HttpResponse<String> read = awaitStatus(ta1, 200);
    assertThat(JSON.readTree(read.body()).path("content").asText()).isEqualTo(NOTEBOOK);
    assertThat(s3.send("GET", CONTENTS, null).statusCode()).isEqualTo(403);

    for (Api reader : List.of(admin, s1)) {
      HttpResponse<String> list = reader.send("GET", "hub/api/shares/s1", null);
      assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
      JsonNode items = JSON.readTree(list.body()).path("items");
      assertThat(items).hasSize(1);
      assertThat(items.get(0).path("user").path("name").asText()).isEqualTo("ta1");
      assertThat(items.get(0).path("server").path("user").path("name").asText()).isEqualTo("s1");
    }
  }

  @Test
  @Order(4)
  void aRevokedShareStopsWorkingWithinTheServersCacheAge() throws Exception {
    assertThat(ta1.send("GET", CONTENTS, null).statusCode()).isEqualTo(200);
    Instant revoked = Instant.now();
    HttpResponse<String> revoke = s1.send("PATCH", SHARES, "{\"user\": \"ta1\"}");
    assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);
    awaitStatus(ta1, 403);
    Duration delay = Duration.between(revoked, Instant.now());
    System.out.println("A revoked share stopped working after " + delay.toMillis() + " ms");
    assertThat(JSON.readTree(s1.send("GET", "hub/api/shares/s1", null).body()).path("items"))
        .isEmpty();
    assertThat(s3.send("GET", CONTENTS, null).statusCode()).isEqualTo(403);
  }

  @Test
  @Order(5)
  void aShareWithTheTaGroupLetsTheTaInAgainButNotTheThirdStudent() throws Exception {
    HttpResponse<String> share = s1.send("POST", SHARES, "{\"group\": \"c101-ta\"}");
    assertThat(share.statusCode()).as(share.body()).isEqualTo(200);
    assertThat(JSON.readTree(share.body()).path("kind").asText()).isEqualTo("group");
    assertThat(JSON.readTree(awaitStatus(ta1, 200).body()).path("content").asText())
        .isEqualTo(NOTEBOOK);
    Browser browser = new Browser(hub, "ta1", "ta1-pw-7");
    assertThat(browser.openS1sServer().statusCode()).as("ta1 in a browser").isEqualTo(200);
    HttpResponse<String> page = browser.get(CONTENTS);
    assertThat(page.statusCode()).as("ta1 in a browser").isEqualTo(200);
    assertThat(JSON.readTree(page.body()).path("content").asText()).isEqualTo(NOTEBOOK);

    Browser other = new Browser(hub, "s3", "s3-pw-7");
    assertThat(other.openS1sServer().statusCode()).as("s3 in a browser").isEqualTo(403);
    assertThat(other.get(CONTENTS).statusCode()).as("s3 in a browser").isEqualTo(403);
    assertThat(s3.send("GET", CONTENTS, null).statusCode()).isEqualTo(403);
    assertThat(s3.send("POST", SHARES, "{\"group\": \"c101-ta\"}").statusCode()).isIn(403, 404);

    HttpResponse<String> list = admin.send("GET", "hub/api/shares/s1", null);
    assertThat(JSON.readTree(list.body()).path("items").get(0).path("group").path("name").asText())
        .isEqualTo("c101-ta");
  }

  @Test
  @Order(6)
  void aStudentMakesAndDeletesShareCodes() throws Exception {
    HttpResponse<String> code = s1.send("POST", "hub/api/share-codes/s1/", "{}");
    assertThat(code.statusCode()).as(code.body()).isEqualTo(200);
    assertThat(JSON.readTree(code.body()).path("accept_url").asText())
        .startsWith("/hub/accept-share?code=");
    HttpResponse<String> codes = admin.send("GET", "hub/api/share-codes/s1", null);
    assertThat(JSON.readTree(codes.body()).path("items")).hasSize(1);
    assertThat(s1.send("DELETE", "hub/api/share-codes/s1/", null).statusCode()).isEqualTo(204);
    codes = admin.send("GET", "hub/api/share-codes/s1", null);
    assertThat(JSON.readTree(codes.body()).path("items")).isEmpty();
    assertThat(s3.send("GET", CONTENTS, null).statusCode()).isEqualTo(403);
  }

  /** READER's reads of s1's notebook until one is answered STATUS, within the revoke limit. */
  private HttpResponse<String> awaitStatus(Api reader, int status) throws Exception {
    Instant deadline = Instant.now().plus(REVOKE_LIMIT);
    HttpResponse<String> read = reader.send("GET", CONTENTS, null);
    while (read.statusCode() != status && Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
      read = reader.send("GET", CONTENTS, null);
    }
    assertThat(read.statusCode()).as("within " + REVOKE_LIMIT.toSeconds() + " s").isEqualTo(status);
    return read;
  }

  /**
   * A user's browser. Another user's server asks the hub who the visitor is (OAuth); the hub first
   * asks the visitor to authorize that, on a page with a form that a click submits.
   */
  private static final class Browser {

    private static final Pattern HIDDEN =
        Pattern.compile("<input type=\"hidden\" name=\"(_xsrf|scopes)\" value=\"([^\"]*)\"");

    private final TestHub hub;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    Browser(TestHub hub, String user, String password) throws Exception {
      this.hub = hub;
      get("hub/login");
      String xsrf =
          cookies.getCookieStore().get(hub.url().resolve("hub/")).stream()
              .filter(c -> c.getName().equals("_xsrf"))
              .findFirst()
              .orElseThrow()
              .getValue();
      HttpResponse<String> login =
          post(
              hub.url().resolve("hub/login"),
              "username="
                  + user
                  + "&password="
                  + URLEncoder.encode(password, UTF_8)
                  + "&_xsrf="
                  + URLEncoder.encode(xsrf, UTF_8));
      assertThat(login.uri().getPath()).as(user + " logged in").doesNotEndWith("/hub/login");
    }

    /** Opens s1's JupyterLab, authorizing the hub's question when it asks. */
    HttpResponse<String> openS1sServer() throws Exception {
      HttpResponse<String> page = get("user/s1/lab");
      if (page.statusCode() != 200 || !page.uri().getPath().endsWith("/oauth2/authorize")) {
        return page;
      }
      List<String> fields = new ArrayList<>();
      Matcher hidden = HIDDEN.matcher(page.body());
      while (hidden.find()) {
        fields.add(hidden.group(1) + "=" + URLEncoder.encode(hidden.group(2), UTF_8));
      }
      return post(page.uri(), String.join("&", fields));
    }

    HttpResponse<String> get(String path) throws Exception {
      return http.send(
          HttpRequest.newBuilder(hub.url().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String form) throws Exception {
      return http.send(
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** A user of the hub's and servers' REST APIs with an API token, as curl would be. */
  private record Api(TestHub hub, String token) {

    private static final HttpClient HTTP =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    static Api login(TestHub hub, String user, String password) {
      HubClient client = HubClient.at(hub.url());
      assertThat(client.login(user, password)).as(user).isTrue();
      return new Api(hub, client.newApiToken("sharing"));
    }

    HttpResponse<String> send(String method, String path, String body)
        throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(hub.url().resolve(path))
              .header("Authorization", "token " + token)
              .timeout(Duration.ofSeconds(30));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
