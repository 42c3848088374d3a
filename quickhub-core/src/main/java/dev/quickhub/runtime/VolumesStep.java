package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.report.Progress;
import dev.quickhub.volumes.HubVolume;

/**
 * Step: creates the hub's missing volumes, labelled as the hub's, before anything mounts them (the
 * engine would otherwise make them unlabelled on first use).
 */
final class VolumesStep implements UpStep {

  private final DockerClient docker;
  private final Progress progress;

  VolumesStep(DockerClient docker, Progress progress) {
    this.docker = docker;
    this.progress = progress;
  }

  @Override
  public void run(UpState up) {
    for (HubVolume volume : up.volumes().volumes()) {
      String name = volume.volumeName(up.spec().name());
      if (!exists(docker, name)) {
        docker.createVolumeCmd().withName(name).withLabels(HubContainers.labels(up.spec())).exec();
        up.created(name);
        progress.say("Created volume " + name + " for " + volume.path() + ".");
      }
    }
  }

  static boolean exists(DockerClient docker, String name) {
    try {
      docker.inspectVolumeCmd(name).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
