package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;

/**
 * Step, first: a hub name with "-user-" in it or "-user" at its end makes container names that
 * another hub's user containers have (hub {@code a-user-b} takes the name of hub {@code a}'s user
 * {@code b}), whatever this hub's servers are. A new hub may not have one; a hub that exists
 * already (its container or a volume of it is there) keeps working, and is told how to rename.
 * Container mode refuses such a name in {@link HubSpec} already.
 */
final class HubNameStep implements UpStep {

  private final DockerClient docker;
  private final Progress progress;

  HubNameStep(DockerClient docker, Progress progress) {
    this.docker = docker;
    this.progress = progress;
  }

  @Override
  public void run(UpState up) {
    String hub = up.spec().name();
    if (HubSpec.userContainersOwnName(hub)) {
      return;
    }
    boolean exists =
        up.existing().isPresent()
            || up.volumes().volumes().stream()
                .anyMatch(volume -> VolumesStep.exists(docker, volume.volumeName(hub)));
    if (!exists) {
      throw new QuickHubException(
          Message.of(
              "Hub name '{}' has '-user-' in it or ends in '-user', so its containers could take"
                  + " the names of another hub's user containers; give a new hub a name without"
                  + " that.",
              hub));
    }
    progress.say(
        "Hub name '"
            + hub
            + "' has '-user-' in it or ends in '-user', which a new hub may not have (its"
            + " containers could take another hub's user container names); to rename it, back it"
            + " up, take it down and restore the backup under a new name.");
  }
}
