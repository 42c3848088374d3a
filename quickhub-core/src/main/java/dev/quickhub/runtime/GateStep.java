package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.Labels;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step, for a hub whose servers run in containers: the hub's private network (internal: no way out,
 * never published), the gate's socket volume, and the gate itself, made anew at every up (it keeps
 * no state), before the hub container that uses its socket. The gate is the only container that
 * mounts the engine's socket. A hub whose servers are processes has none: the step removes what a
 * container-mode run left.
 */
final class GateStep implements UpStep {

  private final DockerClient docker;
  private final HubContainers containers;
  private final Progress progress;
  private final String engineSocket;

  /**
   * {@code engineSocket}: the engine's socket on the engine's host, which the gate mounts at
   * {@value HubGate#ENGINE_SOCKET}.
   */
  GateStep(DockerClient docker, Progress progress, String engineSocket) {
    this.docker = docker;
    this.containers = new HubContainers(docker);
    this.progress = progress;
    this.engineSocket = engineSocket;
  }

  @Override
  public void run(UpState up) {
    HubSpec spec = up.spec();
    String hub = spec.name();
    if (!spec.containerServers()) {
      removeLeftovers(hub);
      return;
    }
    Map<String, String> labels = HubContainers.labels(spec);
    if (docker.listNetworksCmd().withNameFilter(HubGate.network(hub)).exec().stream()
        .noneMatch(n -> n.getName().equals(HubGate.network(hub)))) {
      docker
          .createNetworkCmd()
          .withName(HubGate.network(hub))
          .withDriver("bridge")
          .withInternal(true)
          .withLabels(labels)
          .exec();
    }
    if (!VolumesStep.exists(docker, HubGate.socketVolume(hub))) {
      docker.createVolumeCmd().withName(HubGate.socketVolume(hub)).withLabels(labels).exec();
    }
    removeGate(docker, containers, hub);
    Map<String, String> gateLabels = new HashMap<>(labels);
    gateLabels.put(HubGate.GATE_LABEL, "true");
    String etc =
        up.volumes().volumes().stream()
            .filter(v -> v.name().equals("etc"))
            .findFirst()
            .orElseThrow()
            .volumeName(hub);
    HostConfig host =
        HostConfig.newHostConfig()
            .withBinds(
                new Bind(engineSocket, new Volume(HubGate.ENGINE_SOCKET)),
                new Bind(HubGate.socketVolume(hub), new Volume(HubGate.SOCKET_DIR)),
                new Bind(etc, new Volume(HubGate.HUB_ETC), AccessMode.ro))
            .withNetworkMode("none")
            .withRestartPolicy(RestartPolicy.unlessStoppedRestart());
    String id =
        docker
            .createContainerCmd(up.image().id())
            .withName(HubGate.container(hub))
            .withLabels(gateLabels)
            .withEntrypoint(ImageContract.get().toolPath("quickhub-gate"))
            .withCmd(List.of())
            .withEnv(
                HubGate.POLICY_VARIABLE + "=" + HubGate.policy(spec, up.image().id(), up.volumes()))
            .withHostConfig(host)
            .exec()
            .getId();
    try {
      docker.startContainerCmd(id).exec();
    } catch (RuntimeException e) {
      containers.remove(id);
      throw new QuickHubException(
          Message.of("The gate of hub {} could not start: {}", hub, e.getMessage()), e);
    }
    progress.say("Started the gate " + HubGate.container(hub) + " for user containers.");
  }

  /**
   * In process mode: the gate and user containers a container-mode run of this hub left (a crash
   * skips down), which would run on with no hub to serve and be counted by status. Only those
   * labelled for this hub: a container that merely has the gate's name is not quickhub's.
   */
  private void removeLeftovers(String hub) {
    for (Container container : UserContainers.labelled(docker, hub)) {
      Map<String, String> labels = container.getLabels();
      if ("true".equals(labels.get(HubGate.GATE_LABEL)) || labels.get(HubGate.USER_LABEL) != null) {
        containers.remove(container.getId());
        progress.say(
            "Removed "
                + container.getNames()[0].substring(1)
                + ": this hub's servers are processes.");
      }
    }
  }

  /**
   * Removes the hub's gate, when there is one that quickhub made for this hub; true when there was.
   */
  static boolean removeGate(DockerClient docker, HubContainers containers, String hub) {
    try {
      Map<String, String> labels =
          docker.inspectContainerCmd(HubGate.container(hub)).exec().getConfig().getLabels();
      if (labels == null || !hub.equals(labels.get(Labels.HUB))) {
        throw new QuickHubException(
            Message.of(
                "A container named '{}' exists that quickhub did not create; remove or rename it.",
                HubGate.container(hub)));
      }
      containers.remove(HubGate.container(hub));
      return true;
    } catch (NotFoundException e) {
      return false; // None yet.
    }
  }
}
