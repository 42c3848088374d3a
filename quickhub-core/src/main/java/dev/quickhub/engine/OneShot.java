package dev.quickhub.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import dev.quickhub.report.QuickHubException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A short-lived container on the hub image, for work on a hub's volumes while no hub uses them:
 * started, waited for, read and removed, also when it fails.
 */
public final class OneShot {

  private final DockerClient docker;
  private final List<String> environment;

  public OneShot(DockerClient docker) {
    this(docker, List.of());
  }

  private OneShot(DockerClient docker, List<String> environment) {
    this.docker = docker;
    this.environment = List.copyOf(environment);
  }

  /** These one-shot containers with {@code environment} (NAME=value each), as a hub would have. */
  public OneShot withEnvironment(List<String> environment) {
    return new OneShot(docker, environment);
  }

  /** Runs {@code command} as root on {@code image} with {@code binds}, labelled for {@code hub}. */
  public ContainerExec.Result run(String image, String hub, List<Bind> binds, String... command) {
    String id =
        docker
            .createContainerCmd(image)
            .withLabels(Map.of(Labels.HUB, hub))
            .withEntrypoint(command)
            .withEnv(environment)
            .withCmd(List.of())
            .withHostConfig(HostConfig.newHostConfig().withBinds(binds))
            .exec()
            .getId();
    try {
      docker.startContainerCmd(id).exec();
      int code = docker.waitContainerCmd(id).start().awaitStatusCode(10, TimeUnit.MINUTES);
      OutputFrames output = new OutputFrames(text -> {});
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .exec(output)
          .awaitCompletion(30, TimeUnit.SECONDS);
      return output.result(code);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while running " + command[0] + ".");
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }
}
