package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import dev.quickhub.contract.ImageTool;
import dev.quickhub.engine.Labels;
import dev.quickhub.engine.OneShot;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import java.util.List;

/**
 * Step: loads the new image's whole hub configuration (quickhub's, then the hub folder's {@code
 * config.d} snippets) in a one-shot container with the hub's options, without starting a hub, and
 * refuses with the file, line and message of what fails: before any volume is made or the running
 * hub replaced. A running container made from the same image and options has loaded it already.
 */
final class ConfigCheckStep implements UpStep {

  private final DockerClient docker;
  private final Progress progress;

  ConfigCheckStep(DockerClient docker, Progress progress) {
    this.docker = docker;
    this.progress = progress;
  }

  @Override
  public void run(UpState up) {
    HubSpec spec = up.spec();
    String config = ContainerStep.configDigest(spec, up.image(), up.volumes());
    boolean loaded =
        up.existing()
            .filter(HubContainers::running)
            .map(c -> config.equals(c.getConfig().getLabels().get(Labels.CONFIG)))
            .orElse(false);
    if (loaded) {
      return;
    }
    progress.say("Checking the hub configuration of image " + up.image().tag() + ".");
    ImageTool.oneShot(
            new OneShot(docker)
                .withEnvironment(ContainerConfig.environment(spec, up.image().id(), up.volumes())),
            up.image().id(),
            spec.name(),
            List.of())
        .saying(
            error ->
                Message.of(
                    "The hub configuration of {} does not load ({}); fix it and run {} again;"
                        + " nothing was changed.",
                    spec.name(),
                    error,
                    Call.of(Call.Command.UP, spec.name())))
        .run("quickhub-config-check", List.of());
  }
}
