package dev.quickhub.tls;

import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.VolumeFiles;
import java.util.List;
import java.util.Map;

/**
 * Puts challenge answers where quickhub-http serves them ({@code /srv/quickhub/acme/challenges}),
 * in a running container that mounts the srv volume.
 */
final class VolumeResponder implements ChallengeResponder {

  private static final String DIR = ImageContract.get().statePath("challenges");

  private final VolumeFiles files;
  private final ContainerExec exec;
  private final String container;

  VolumeResponder(VolumeFiles files, ContainerExec exec, String container) {
    this.files = files;
    this.exec = exec;
    this.container = container;
  }

  @Override
  public void put(String token, String answer) {
    files.write(HubCertificates.PARENT, "acme/challenges", Map.of(token, answer), 0755, 0644);
  }

  @Override
  public void remove(String token) {
    if (token.matches("[A-Za-z0-9_-]+")) {
      exec.run(container, List.of("rm", "-f", DIR + "/" + token));
    }
  }
}
