package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.engine.Labels;
import dev.quickhub.report.Progress;
import dev.quickhub.volumes.HubVolume;
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

  /** Stops and removes the hub's container; its volumes stay. Returns false when there was none. */
  boolean down(String name) {
    Optional<InspectContainerResponse> container = containers.find(name);
    container.ifPresent(c -> containers.remove(c.getId()));
    return container.isPresent();
  }

  /** Removes the container and the labelled volumes; returns their names. */
  List<String> destroy(String name, VolumeSet volumes) {
    List<String> removed = new ArrayList<>();
    if (down(name)) {
      removed.add("container " + name);
    }
    for (HubVolume volume : volumes.volumes()) {
      String engineName = volume.volumeName(name);
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
}
