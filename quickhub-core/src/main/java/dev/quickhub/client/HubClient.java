package dev.quickhub.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A user of a hub over HTTP, as a browser would be: logs in through the login form, starts the
 * user's server, and reads and writes files through the server's contents API.
 *
 * <pre>{@code
 * HubClient user1 = HubClient.at(URI.create("http://localhost:8000/"));
 * if (user1.login("user1", "user1")) {
 *   user1.startServer(Duration.ofMinutes(2));
 *   user1.writeFile("hello.txt", "hi");
 * }
 * }</pre>
 */
public final class HubClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;
  private String user;

  private HubClient(URI base, SSLContext ssl) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    // HTTP/1.1: the hub's proxy drops Java's default HTTP/2 upgrade request.
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NORMAL)
            // A busy host, with containers starting and stopping, was seen to take more than 5 s
            // to connect to the hub's published port.
            .connectTimeout(Duration.ofSeconds(30));
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    this.http = builder.build();
  }

  /** A client for the hub at {@code base} (use "localhost", not a bare IP: cookies need a name). */
  public static HubClient at(URI base) {
    return new HubClient(base, null);
  }

  /** A client for an https:// hub whose certificate {@code ssl} trusts (e.g. a private CA). */
  public static HubClient at(URI base, SSLContext ssl) {
    return new HubClient(base, ssl);
  }

  /** Logs in through the form; true when the hub accepted the password. */
  public boolean login(String username, String password) {
    send(request("hub/login").GET().build());
    String form =
        form(
            Map.of(
                "username",
                username,
                "password",
                password,
                "_xsrf",
                cookie("hub/", "_xsrf").orElse("")));
    HttpResponse<String> response =
        send(
            request("hub/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    boolean ok =
        cookie("hub/", "jupyterhub-hub-login").isPresent()
            && !response.uri().getPath().endsWith("/hub/login");
    if (ok) {
      user = username;
      // The hub binds XSRF tokens to the session: a hub page gives the new session's token (login
      // skips hub pages when the user's server already runs).
      send(request("hub/home").GET().build());
    }
    return ok;
  }

  /** Starts the user's server when it is not running and waits until it is ready. */
  public void startServer(Duration timeout) {
    requireLogin();
    HttpResponse<String> started =
        send(
            api("hub/api/users/" + user + "/server")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    // 400 means the server is already running.
    if (started.statusCode() > 400) {
      throw new QuickHubException(
          "Starting the server of "
              + user
              + " failed: HTTP "
              + started.statusCode()
              + " "
              + started.body());
    }
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      JsonNode model = json(send(api("hub/api/users/" + user).GET().build()));
      if (model.path("servers").path("").path("ready").asBoolean(false)) {
        return;
      }
      sleep(500);
    }
    throw new QuickHubException(
        "The server of " + user + " was not ready within " + timeout.toSeconds() + " s.");
  }

  /** Stops the user's server and waits until the hub no longer lists it. */
  public void stopServer(Duration timeout) {
    requireLogin();
    HttpResponse<String> stopped = send(api("hub/api/users/" + user + "/server").DELETE().build());
    if (stopped.statusCode() / 100 != 2 && stopped.statusCode() != 400) {
      throw new QuickHubException(
          "Stopping the server of " + user + " failed: HTTP " + stopped.statusCode());
    }
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      JsonNode model = json(send(api("hub/api/users/" + user).GET().build()));
      if (model.path("servers").path("").isMissingNode()
          && (model.path("pending").isNull() || model.path("pending").isMissingNode())) {
        return;
      }
      sleep(300);
    }
    throw new QuickHubException(
        "The server of " + user + " did not stop within " + timeout.toSeconds() + " s.");
  }

  /**
   * GET of a path below the hub, following redirects (through the hub's OAuth for user servers).
   */
  public HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  /** A POST to the hub's REST API as the logged-in user (e.g. an admin creating a user). */
  public HttpResponse<String> post(String path) {
    requireLogin();
    return send(api(path).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** Writes a text file into the user's notebook folder through the contents API. */
  public void writeFile(String path, String text) {
    requireLogin();
    get("user/" + user + "/lab");
    String body = jsonText(Map.of("type", "file", "format", "text", "content", text));
    HttpResponse<String> response =
        send(
            userApi("api/contents/" + path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    if (response.statusCode() / 100 != 2) {
      throw new QuickHubException(
          "Writing " + path + " failed: HTTP " + response.statusCode() + " " + response.body());
    }
  }

  /** Reads a text file from the user's notebook folder, or empty when there is none. */
  public Optional<String> readFile(String path) {
    requireLogin();
    get("user/" + user + "/lab");
    HttpResponse<String> response =
        send(userApi("api/contents/" + path + "?type=file&format=text&content=1").GET().build());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(json(response).path("content").asText());
  }

  /**
   * Starts a kernel of {@code kernelName} on the user's running server, runs {@code code} in it and
   * returns what it printed (and the value of the last expression); the kernel is shut down
   * afterwards. An exception in the code fails with its name and message.
   */
  public String runCode(String kernelName, String code, Duration timeout) {
    requireLogin();
    get("user/" + user + "/lab");
    HttpResponse<String> started =
        send(
            userApi("api/kernels")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonText(Map.of("name", kernelName))))
                .build());
    if (started.statusCode() / 100 != 2) {
      throw new QuickHubException(
          "Starting kernel "
              + kernelName
              + " failed: HTTP "
              + started.statusCode()
              + " "
              + started.body());
    }
    String id = json(started).path("id").asText();
    URI channels =
        URI.create(
            base.resolve("user/" + user + "/api/kernels/" + id + "/channels")
                .toString()
                .replaceFirst("^http", "ws"));
    try (KernelChannels kernel = KernelChannels.open(http, channels, user, timeout)) {
      return kernel.execute(code);
    } finally {
      send(userApi("api/kernels/" + id).DELETE().build());
    }
  }

  /** A new API token of the logged-in user, valid for a day. */
  public String newApiToken(String note) {
    requireLogin();
    HttpResponse<String> response =
        send(
            api("hub/api/users/" + user + "/tokens")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        jsonText(Map.of("note", note, "expires_in", 86400))))
                .build());
    if (response.statusCode() / 100 != 2) {
      throw new QuickHubException(
          "Making an API token for " + user + " failed: HTTP " + response.statusCode());
    }
    return json(response).path("token").asText();
  }

  public String user() {
    return user;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
  }

  /** Hub API requests authenticated by the login cookie carry the hub's XSRF token. */
  private HttpRequest.Builder api(String path) {
    return request(path).header("X-XSRFToken", cookie("hub/", "_xsrf").orElse(""));
  }

  private HttpRequest.Builder userApi(String path) {
    String prefix = "user/" + user + "/";
    return request(prefix + path).header("X-XSRFToken", cookie(prefix, "_xsrf").orElse(""));
  }

  private Optional<String> cookie(String path, String name) {
    URI uri = base.resolve(path);
    return cookies.getCookieStore().get(uri).stream()
        .filter(c -> c.getName().equals(name))
        .filter(c -> c.getPath() == null || uri.getPath().startsWith(c.getPath()))
        .max((a, b) -> Integer.compare(pathLength(a), pathLength(b)))
        .map(HttpCookie::getValue);
  }

  private static int pathLength(HttpCookie cookie) {
    return cookie.getPath() == null ? 0 : cookie.getPath().length();
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new QuickHubException(
          "The hub at "
              + base
              + " did not answer "
              + request.uri().getPath()
              + ": "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while talking to the hub at " + base + ".");
    }
  }

  private static String jsonText(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new QuickHubException(
          "The hub answered HTTP " + response.statusCode() + " with something other than JSON.", e);
    }
  }

  private void requireLogin() {
    if (user == null) {
      throw new IllegalStateException("log in first");
    }
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while waiting for the hub.");
    }
  }
}
