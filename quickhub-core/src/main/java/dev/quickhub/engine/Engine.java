package dev.quickhub.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import dev.quickhub.remote.SshTarget;
import dev.quickhub.remote.SshTunnel;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.system.Dirs;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A connection to a Docker engine through docker-java. Honours {@code DOCKER_HOST} as the docker
 * CLI does; no docker CLI is needed.
 */
public final class Engine implements Closeable {

  static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI host;
  private final DockerHttpClient http;
  private final DockerClient client;
  private final SshTunnel tunnel;

  private Engine(URI host, DockerHttpClient http, DockerClient client, SshTunnel tunnel) {
    this.host = host;
    this.http = http;
    this.client = client;
    this.tunnel = tunnel;
  }

  /**
   * The engine named by DOCKER_HOST (ssh:// too, as the docker CLI reads it), or the local socket.
   */
  public static Engine fromEnvironment() {
    String variable = System.getenv("DOCKER_HOST");
    if (SshTarget.isSsh(variable)) {
      return at(variable, false);
    }
    return at(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), null);
  }

  /**
   * The engine at {@code host}: {@code unix:///var/run/docker.sock}, {@code tcp://host:2375}, or
   * {@code ssh://user@host[:port]} (through an SSH connection, checked against known_hosts; an
   * unknown host key is trusted only when {@code acceptNewHostKey}).
   */
  public static Engine at(String host, boolean acceptNewHostKey) {
    if (SshTarget.isSsh(host)) {
      SshTunnel tunnel = SshTunnel.open(SshTarget.parse(host), Dirs.ssh(), acceptNewHostKey);
      Engine local =
          at(
              DefaultDockerClientConfig.createDefaultConfigBuilder()
                  .withDockerHost("unix://" + tunnel.engineSocket())
                  .build(),
              tunnel);
      return local;
    }
    return at(
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build(), null);
  }

  private static Engine at(DockerClientConfig config, SshTunnel tunnel) {
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(Duration.ofSeconds(5))
            .build();
    URI host = tunnel == null ? config.getDockerHost() : URI.create(tunnel.target().toString());
    return new Engine(host, http, DockerClientImpl.getInstance(config, http), tunnel);
  }

  public URI host() {
    return host;
  }

  /**
   * Where this machine reaches {@code url}, an address on the engine's host: the same for a local
   * engine, a forwarded local port through the SSH connection for a remote one.
   */
  public URI reach(URI url) {
    return tunnel == null ? url : reach(url, 0);
  }

  /**
   * For a remote engine: {@code url} through a forward from local port {@code localPort} (0: any
   * free one) over the SSH connection.
   */
  public URI reach(URI url, int localPort) {
    SshTunnel ssh =
        tunnel().orElseThrow(() -> new IllegalStateException("a local engine needs no forward"));
    String remoteHost = url.getHost().equals("localhost") ? "127.0.0.1" : url.getHost();
    int local = ssh.forward(localPort, remoteHost, url.getPort());
    return URI.create("http://localhost:" + local + url.getRawPath());
  }

  /** The SSH connection to the engine's host, for a remote engine. */
  public java.util.Optional<SshTunnel> tunnel() {
    return java.util.Optional.ofNullable(tunnel);
  }

  public DockerClient client() {
    return client;
  }

  /**
   * The size in bytes of each volume, by name, from the engine's disk-usage report (docker-java has
   * no call for it); -1 where the engine does not say.
   */
  public Map<String, Long> volumeSizes() {
    Request request = Request.builder().method(Request.Method.GET).path("/system/df").build();
    Map<String, Long> sizes = new HashMap<>();
    try (DockerHttpClient.Response response = http.execute(request)) {
      for (JsonNode volume : JSON.readTree(response.getBody()).path("Volumes")) {
        sizes.put(volume.path("Name").asText(), volume.path("UsageData").path("Size").asLong(-1));
      }
    } catch (IOException e) {
      throw new QuickHubException("The engine's disk-usage report cannot be read: " + e, e);
    }
    return sizes;
  }

  /** True when the engine answers a ping. */
  public boolean answers() {
    try {
      client.pingCmd().exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Fails with a sentence saying how to get an engine when none answers. */
  public Engine requireAnswering() {
    if (!answers()) {
      Optional<Path> refused = socketRefusingThisUser();
      if (refused.isPresent()) {
        throw new QuickHubException(
            Message.of(
                "The engine's socket {} refuses user {}: only root and the members of its group"
                    + " {} may use it. Add the user to that group ('sudo usermod -aG {} {}', then"
                    + " log in again), or point {} or DOCKER_HOST at an engine this user may use.",
                refused.get(),
                System.getProperty("user.name"),
                groupOf(refused.get()),
                groupOf(refused.get()),
                System.getProperty("user.name"),
                Setting.HOST));
      }
      throw new QuickHubException(
          Message.of(
              "No Docker engine answers at {}: start one (for example 'sudo systemctl start"
                  + " docker', or 'sudo dockerd &'), or point {} or DOCKER_HOST at a running engine.",
              host,
              Setting.HOST));
    }
    return this;
  }

  /** A local socket that is there but this user may not open (not in its group). */
  private Optional<Path> socketRefusingThisUser() {
    if (tunnel != null || !"unix".equals(host.getScheme())) {
      return Optional.empty();
    }
    Path socket = Path.of(host.getPath());
    return Files.exists(socket) && !Files.isWritable(socket)
        ? Optional.of(socket)
        : Optional.empty();
  }

  private static String groupOf(Path socket) {
    try {
      return Files.readAttributes(socket, PosixFileAttributes.class).group().getName();
    } catch (IOException | UnsupportedOperationException e) {
      return "docker";
    }
  }

  /** True for the default local socket, the only engine the launcher may start itself. */
  public boolean isDefaultLocalSocket() {
    return tunnel == null && DEFAULT_SOCKET.equals(host.toString());
  }

  @Override
  public void close() throws IOException {
    client.close();
    if (tunnel != null) {
      tunnel.close();
    }
  }
}
