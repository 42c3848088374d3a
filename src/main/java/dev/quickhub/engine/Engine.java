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
import dev.quickhub.QuickHubException;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

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

  private Engine(URI host, DockerHttpClient http, DockerClient client) {
    this.host = host;
    this.http = http;
    this.client = client;
  }

  /** The engine named by DOCKER_HOST, or the local socket. Connects lazily. */
  public static Engine fromEnvironment() {
    return at(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
  }

  /**
   * The engine at {@code host}, e.g. {@code unix:///var/run/docker.sock} or {@code
   * tcp://host:2375}.
   */
  public static Engine at(String host) {
    return at(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build());
  }

  static Engine at(DockerClientConfig config) {
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(Duration.ofSeconds(5))
            .build();
    return new Engine(config.getDockerHost(), http, DockerClientImpl.getInstance(config, http));
  }

  public URI host() {
    return host;
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
      throw new QuickHubException(
          "No Docker engine answers at "
              + host
              + ": start one (for example 'sudo systemctl start docker', or 'sudo dockerd &'),"
              + " or point --host or DOCKER_HOST at a running engine.");
    }
    return this;
  }

  /** True for the default local socket, the only engine the launcher may start itself. */
  public boolean isDefaultLocalSocket() {
    return DEFAULT_SOCKET.equals(host.toString());
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
