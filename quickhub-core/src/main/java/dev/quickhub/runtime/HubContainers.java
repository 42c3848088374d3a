package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.quickhub.engine.Labels;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.volumes.VolumeSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds, starts and removes a hub's container. Only a container labelled {@code quickhub.hub=NAME}
 * counts as the hub's; one by that name without the label is refused, never changed.
 */
final class HubContainers {

  private final DockerClient docker;

  HubContainers(DockerClient docker) {
    this.docker = docker;
  }

  /** The hub's container, if there is one that quickhub made; refuses one it did not make. */
  Optional<InspectContainerResponse> find(String name) {
    InspectContainerResponse container;
    try {
      container = docker.inspectContainerCmd(name).exec();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    Map<String, String> labels = container.getConfig().getLabels();
    if (labels == null || !name.equals(labels.get(Labels.HUB))) {
      throw new QuickHubException(
          Message.of(
              "A container named '{}' exists that quickhub did not create; remove or rename it,"
                  + " or choose another hub name with {}.",
              name,
              Setting.NAME));
    }
    return Optional.of(container);
  }

  /** The hub's container, or a sentence saying to start the hub. */
  InspectContainerResponse require(String name) {
    return find(name).orElseThrow(() -> noHub(name));
  }

  /** The id of the hub's running container, or a sentence saying to start it. */
  String requireRunning(String name) {
    InspectContainerResponse container = require(name);
    if (!running(container)) {
      throw new QuickHubException(
          Message.of(
              "Hub {} is not running; start it with {}.", name, Call.of(Call.Command.UP, name)));
    }
    return container.getId();
  }

  /** Starts a container; one that cannot start is removed, and a taken port said plainly. */
  void start(HubSpec spec, String id) {
    try {
      docker.startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // Already running.
    } catch (DockerException e) {
      String message = String.valueOf(e.getMessage());
      remove(id);
      if (message.contains("port is already allocated")
          || message.contains("address already in use")) {
        throw new QuickHubException(
            Message.of(
                "Port {} on {} is already in use; choose another with {}.",
                spec.port(),
                spec.bind(),
                Setting.PORT),
            e);
      }
      throw new QuickHubException(
          "The engine could not start hub " + spec.name() + ": " + message.strip(), e);
    }
  }

  /** Stops the container (when running) and removes it. */
  void remove(String id) {
    try {
      docker.stopContainerCmd(id).withTimeout(20).exec();
    } catch (NotModifiedException | NotFoundException e) {
      // Already stopped or gone.
    }
    try {
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException e) {
      // Already gone.
    }
  }

  static boolean running(InspectContainerResponse container) {
    return Boolean.TRUE.equals(container.getState().getRunning());
  }

  /** The labels of everything quickhub makes for this hub. */
  static Map<String, String> labels(HubSpec spec) {
    return spec.ephemeral()
        ? Map.of(Labels.HUB, spec.name(), Labels.EPHEMERAL, "true")
        : Map.of(Labels.HUB, spec.name());
  }

  /** The hub's volumes, mounted where the image expects them. */
  static List<Bind> binds(String hub, VolumeSet volumes) {
    return volumes.volumes().stream()
        .map(volume -> new Bind(volume.volumeName(hub), new Volume(volume.path())))
        .toList();
  }

  static QuickHubException noHub(String name) {
    return new QuickHubException(
        Message.of(
            "There is no hub named '{}'; start it with {}.", name, Call.of(Call.Command.UP, name)));
  }
}
