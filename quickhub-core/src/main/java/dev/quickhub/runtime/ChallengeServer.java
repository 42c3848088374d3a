package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.Engine;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.volumes.VolumeSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A running container that answers ACME challenges on the hub's HTTP port: the hub itself when it
 * publishes that port, else one that runs only quickhub-http and is removed afterwards.
 */
final class ChallengeServer {

  private final Engine engine;
  private final DockerClient docker;
  private final HubContainers containers;

  ChallengeServer(Engine engine) {
    this.engine = engine;
    this.docker = engine.client();
    this.containers = new HubContainers(docker);
  }

  /** Runs {@code work} with the id of the container that answers the challenges. */
  <T> T with(HubSpec spec, String image, VolumeSet volumes, Function<String, T> work) {
    int httpPort =
        spec.httpPort()
            .orElseThrow(() -> new IllegalStateException("ACME needs the hub's HTTP port"));
    Optional<InspectContainerResponse> hub = containers.find(spec.name());
    if (hub.isPresent()
        && HubContainers.running(hub.get())
        && StatusReader.publishedPort(hub.get(), ContainerStep.HTTP_PORT)
            .map(binding -> Integer.parseInt(binding.getHostPortSpec()))
            .equals(Optional.of(httpPort))) {
      return work.apply(hub.get().getId());
    }
    Ports ports = new Ports();
    ports.bind(ContainerStep.HTTP_PORT, Ports.Binding.bindIpAndPort(spec.bind(), httpPort));
    String id =
        docker
            .createContainerCmd(image)
            .withName(spec.name() + "-acme")
            .withLabels(HubContainers.labels(spec))
            .withEntrypoint(ImageContract.get().toolPath("quickhub-http"))
            .withCmd(List.of())
            .withEnv(ContainerConfig.environment(spec, image, volumes))
            .withExposedPorts(ContainerStep.HTTP_PORT)
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withBinds(HubContainers.binds(spec.name(), volumes))
                    .withPortBindings(ports))
            .exec()
            .getId();
    try {
      try {
        docker.startContainerCmd(id).exec();
      } catch (DockerException e) {
        throw new QuickHubException(
            Message.of(
                "HTTP port {} on {} cannot be published for the ACME challenge ({}); free it or"
                    + " choose another with {}.",
                httpPort,
                spec.bind(),
                String.valueOf(e.getMessage()).strip(),
                Setting.HTTP_PORT),
            e);
      }
      waitListening(spec, httpPort);
      return work.apply(id);
    } finally {
      containers.remove(id);
    }
  }

  /** Waits until quickhub-http answers on the published HTTP port. */
  private void waitListening(HubSpec spec, int httpPort) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI uri = engine.reach(URI.create("http://" + spec.reachableHost() + ":" + httpPort + "/"));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      try {
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new QuickHubException(
        "The ACME challenge server did not answer on port "
            + httpPort
            + "; run the command again.");
  }
}
