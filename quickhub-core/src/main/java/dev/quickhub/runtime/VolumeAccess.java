package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import dev.quickhub.volumes.VolumeSet;
import java.util.Optional;
import java.util.function.Function;

/**
 * A container that mounts a hub's volumes, for reading and writing their files: the running hub,
 * else a created container that is never started and is removed afterwards.
 */
final class VolumeAccess {

  private final DockerClient docker;
  private final HubContainers containers;

  VolumeAccess(DockerClient docker) {
    this.docker = docker;
    this.containers = new HubContainers(docker);
  }

  /** Runs {@code work} with the id of a container that mounts the hub's volumes. */
  <T> T with(HubSpec spec, String image, VolumeSet volumes, Function<String, T> work) {
    Optional<InspectContainerResponse> hub = containers.find(spec.name());
    if (hub.isPresent() && HubContainers.running(hub.get())) {
      return work.apply(hub.get().getId());
    }
    String helper =
        docker
            .createContainerCmd(image)
            .withLabels(HubContainers.labels(spec))
            .withEntrypoint("true")
            .withHostConfig(
                HostConfig.newHostConfig().withBinds(HubContainers.binds(spec.name(), volumes)))
            .exec()
            .getId();
    try {
      return work.apply(helper);
    } finally {
      docker.removeContainerCmd(helper).withForce(true).exec();
    }
  }
}
