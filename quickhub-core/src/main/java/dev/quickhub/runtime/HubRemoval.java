package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.quickhub.engine.Labels;
import dev.quickhub.report.Progress;
import dev.quickhub.volumes.VolumeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Takes a hub down (its container) or away (its container and the volumes quickhub made). */
final class HubRemoval {

  private final DockerClient docker;
  private final HubContainers containers;
  private final Progress progress;

  HubRemoval(DockerClient docker, Progress progress) {
    this.docker = docker;
    this.containers = new HubContainers(docker);
    this.progress = progress;
  }

  /**
   * Stops and removes the hub's container, its gate and its user containers; its volumes stay.
   * Returns false when there was no hub container.
   */
  boolean down(String name) {
    return takeDown(name).hub();
  }

  /** Which of the hub container and its gate down removed. */
  private record TakenDown(boolean hub, boolean gate) {}

  private TakenDown takeDown(String name) {
    Optional<InspectContainerResponse> container = containers.find(name);
    container.ifPresent(c -> containers.remove(c.getId()));
    boolean gate = GateStep.removeGate(docker, containers, name);
    // A user container the hub did not stop in time would keep holding the hub's volumes (a
    // restore into new volumes could not remove the old ones); a start makes a new one anyway.
    for (Container user : userContainers(name)) {
      containers.remove(user.getId());
    }
    return new TakenDown(container.isPresent(), gate);
  }

  /** The hub's user containers: labelled for this hub and a user. */
  private List<Container> userContainers(String name) {
    return UserContainers.users(UserContainers.labelled(docker, name));
  }

  /** Removes the container and the labelled volumes; returns their names. */
  List<String> destroy(String name, VolumeSet volumes) {
    List<String> removed = new ArrayList<>();
    // Named before down removes them.
    List<Container> users = userContainers(name);
    TakenDown takenDown = takeDown(name);
    if (takenDown.hub()) {
      removed.add("container " + name);
    }
    if (takenDown.gate()) {
      removed.add("gate " + HubGate.container(name));
    }
    for (Container user : users) {
      removed.add("container " + user.getNames()[0].substring(1));
    }
    removeNetwork(name).ifPresent(removed::add);
    List<String> engineNames = new ArrayList<>();
    volumes.volumes().forEach(volume -> engineNames.add(volume.volumeName(name)));
    engineNames.add(HubGate.socketVolume(name));
    for (String engineName : engineNames) {
      Map<String, String> labels;
      try {
        labels = docker.inspectVolumeCmd(engineName).exec().getLabels();
      } catch (NotFoundException e) {
        continue;
      }
      if (labels == null || !name.equals(labels.get(Labels.HUB))) {
        progress.say("Kept volume " + engineName + ": quickhub did not create it.");
        continue;
      }
      docker.removeVolumeCmd(engineName).exec();
      removed.add("volume " + engineName);
    }
    return removed;
  }

  /** Removes the hub's private network, when quickhub made it for this hub. */
  private Optional<String> removeNetwork(String name) {
    String network = HubGate.network(name);
    try {
      Map<String, String> labels =
          docker.inspectNetworkCmd().withNetworkId(network).exec().getLabels();
      if (labels == null || !name.equals(labels.get(Labels.HUB))) {
        progress.say("Kept network " + network + ": quickhub did not create it.");
        return Optional.empty();
      }
      docker.removeNetworkCmd(network).exec();
      return Optional.of("network " + network);
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }
}
