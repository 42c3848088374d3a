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
 * htpasswd authentication, plain HTTP or TLS with a certificate of the test's own, and storage in a
 * folder it removes with the rest of the test's files. It logs each request it serves.
 */
final class LoopbackRegistry implements AutoCloseable {

  final String user = "qhtest";
  final String password = UUID.randomUUID().toString();
  final int port = TestHub.freePort();
  private final Process process;
  private final Path dir;

  /** A registry on plain HTTP. */
  LoopbackRegistry(Path dir) throws IOException, InterruptedException {
    this(dir, null, null);
  }

  /**
   * A registry on HTTPS with {@code tls}'s certificate and key; {@code caPem} is the CA that issued
   * it, trusted to check that it answers.
   */
  LoopbackRegistry(Path dir, TestCertificates.Made tls, String caPem)
      throws IOException, InterruptedException {
    this.dir = dir;
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
            "  level: info",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + dir.resolve("storage"),
            "http:",
            "  addr: 127.0.0.1:" + port,
            tls == null ? "" : "  tls:\n    certificate: " + tls.cert() + "\n    key: " + tls.key(),
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
    HttpClient http =
        tls == null
            ? HttpClient.newHttpClient()
            : HttpClient.newBuilder().sslContext(trusting(caPem)).build();
    String scheme = tls == null ? "http" : "https";
    for (int i = 0; i < 100; i++) {
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/v2/"))
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

  private static javax.net.ssl.SSLContext trusting(String caPem) throws IOException {
    try {
      return TestCertificates.trusting(caPem);
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  /** The digests of the blobs (layers and configs) the registry holds. */
  java.util.Set<String> blobs() throws IOException {
    Path root = dir.resolve("storage/docker/registry/v2/blobs/sha256");
    if (!Files.isDirectory(root)) {
      return java.util.Set.of();
    }
    try (var walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().equals("data"))
          .map(p -> "sha256:" + p.getParent().getFileName())
          .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
  }

  /** How many blob uploads the registry has completed so far, from its request log. */
  long blobUploads() throws IOException {
    try (var lines = Files.lines(dir.resolve("registry.log"))) {
      return lines
          .filter(line -> line.contains("http.request.method=PUT"))
          .filter(line -> line.contains("/blobs/uploads/"))
          .filter(line -> line.contains("http.response.status=201"))
          .count();
    }
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
