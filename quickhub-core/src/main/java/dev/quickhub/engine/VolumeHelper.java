package dev.quickhub.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;
import java.util.Map;

/**
 * A container on {@code image} that mounts volumes so that the archive API can write into them.
 * Docker reaches the volumes of a container that is only created; Podman's archive API crosses into
 * mounted volumes only while the container runs, so on Podman it runs an idle process.
 */
public final class VolumeHelper {

  private final DockerClient docker;
  private final boolean podman;

  public VolumeHelper(DockerClient docker) {
    this.docker = docker;
    this.podman = EngineInfo.of(docker).podman();
  }

  /** The id of a new helper that mounts {@code binds}, labelled {@code labels}. */
  public String create(String image, Map<String, String> labels, List<Bind> binds) {
    String id =
        docker
            .createContainerCmd(image)
            .withLabels(labels)
            .withEntrypoint(podman ? List.of("sleep", "infinity") : List.of("true"))
            .withHostConfig(HostConfig.newHostConfig().withBinds(binds))
            .exec()
            .getId();
    if (podman) {
      docker.startContainerCmd(id).exec();
    }
    return id;
  }

  /** Removes helper {@code id}, at once even when it runs. */
  public void remove(String id) {
    if (podman) {
      // Podman's forced removal first asks the idle process to stop and waits 10 s for it.
      docker.killContainerCmd(id).exec();
    }
    docker.removeContainerCmd(id).withForce(true).exec();
  }
}
