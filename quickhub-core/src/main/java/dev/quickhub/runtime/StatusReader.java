package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.quickhub.engine.EngineInfo;
import dev.quickhub.engine.Labels;
import dev.quickhub.users.Account;
import dev.quickhub.volumes.HubVolume;
import dev.quickhub.volumes.VolumeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads what status shows of a hub: its container, URL, image, base and volumes. */
final class StatusReader {

  private final DockerClient docker;
  private final HubContainers containers;

  StatusReader(DockerClient docker) {
    this.docker = docker;
    this.containers = new HubContainers(docker);
  }

  /** The hub's status; {@code accounts} is asked only of a running hub. */
  HubStatus status(String name, VolumeSet volumes, Function<String, List<Account>> accounts) {
    List<String> volumeLines = new ArrayList<>();
    for (HubVolume volume : volumes.volumes()) {
      String engineName = volume.volumeName(name);
      volumeLines.add(
          engineName
              + " -> "
              + volume.path()
              + (VolumesStep.exists(docker, engineName) ? "" : " (missing)"));
    }
    EngineInfo engine = EngineInfo.of(docker);
    Optional<InspectContainerResponse> found = containers.find(name);
    if (found.isEmpty()) {
      return new HubStatus(
          name,
          "absent",
          "",
          "",
          "",
          "",
          volumeLines,
          List.of(),
          engine,
          UserContainers.count(name, List.of()));
    }
    InspectContainerResponse container = found.get();
    Map<String, String> labels = imageLabels(container.getImageId());
    return new HubStatus(
        name,
        container.getState().getStatus(),
        url(container).orElse(""),
        container.getImageId(),
        labels.getOrDefault(Labels.BASE, "unknown"),
        labels.getOrDefault(Labels.BASE_CREATED, "unknown"),
        volumeLines,
        HubContainers.running(container) ? accounts.apply(name) : List.of(),
        engine,
        UserContainers.count(name, UserContainers.labelled(docker, name)));
  }

  private static Optional<String> url(InspectContainerResponse container) {
    return publishedPort(container, ContainerStep.HUB_PORT)
        .map(
            binding ->
                HubSpec.url(
                    binding.getHostIp(),
                    Integer.parseInt(binding.getHostPortSpec()),
                    "true".equals(container.getConfig().getLabels().get(Labels.TLS))));
  }

  /** Where the container's {@code port} is published on the host, if it is. */
  static Optional<Ports.Binding> publishedPort(
      InspectContainerResponse container, ExposedPort port) {
    Ports.Binding[] bindings = container.getHostConfig().getPortBindings().getBindings().get(port);
    if (bindings == null || bindings.length == 0) {
      return Optional.empty();
    }
    return Optional.of(bindings[0]);
  }

  private Map<String, String> imageLabels(String imageId) {
    try {
      Map<String, String> labels = docker.inspectImageCmd(imageId).exec().getConfig().getLabels();
      return labels == null ? Map.of() : labels;
    } catch (NotFoundException e) {
      return Map.of();
    }
  }
}
