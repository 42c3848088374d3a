package dev.quickhub.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * A container registry of the test's own (Debian's docker-registry) on a free loopback port, with
 * htpasswd authentication and storage in a folder it removes with the rest of the test's files.
 */
final class LoopbackRegistry implements AutoCloseable {

  final String user = "qhtest";
  final String password = UUID.randomUUID().toString();
  final int port = TestHub.freePort();
  private final Process process;

  LoopbackRegistry(Path dir) throws IOException, InterruptedException {
    Path htpasswd = dir.resolve("htpasswd");
    Process hash =
        new ProcessBuilder("htpasswd", "-ciB", htpasswd.toString(), user)
            .redirectErrorStream(true)
            .start();
    try (var in = hash.getOutputStream()) {
      in.write(password.getBytes(StandardCharsets.UTF_8));
    }
    hash.getInputStream().readAllBytes();
    if (hash.waitFor() != 0) {
      throw new IllegalStateException("htpasswd failed");
    }
    Path config = dir.resolve("registry.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 0.1",
            "log:",
            "  level: warn",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + dir.resolve("storage"),
            "http:",
            "  addr: 127.0.0.1:" + port,
            "auth:",
            "  htpasswd:",
            "    realm: quickhub-test",
            "    path: " + htpasswd,
            ""));
    process =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 100; i++) {
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 401) {
          return;
        }
      } catch (IOException notYet) {
        // Still starting.
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException("the registry did not answer; see " + dir);
  }

  /** {@code 127.0.0.1:PORT}, as image references and Docker config files name it. */
  String host() {
    return "127.0.0.1:" + port;
  }

  /** A Docker config file's content holding {@code password} for this registry. */
  String dockerConfig(String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\": {\"" + host() + "\": {\"auth\": \"" + auth + "\"}}}\n";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
