package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.Labels;
import dev.quickhub.image.HubImage;
import dev.quickhub.report.Progress;
import dev.quickhub.volumes.VolumeSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step: keeps, starts, restarts or replaces the hub's container. A container made from the same
 * image with the same options (their digest is in a label) is kept; otherwise it is replaced, its
 * volumes kept.
 */
final class ContainerStep implements UpStep {

  static final ExposedPort HUB_PORT = ExposedPort.tcp(ImageContract.get().hubPort());

  /** quickhub-http: redirects to HTTPS and answers ACME challenges. */
  static final ExposedPort HTTP_PORT = ExposedPort.tcp(ImageContract.get().httpPort());

  /** What becomes of the hub's container. */
  enum Action {
    /** None yet: make one. */
    CREATE,
    /** Made from another image or with other options: remove it, make a new one. */
    REPLACE,
    /** Stopped, but as asked: start it. */
    START,
    /** Running as asked: leave it. */
    KEEP,
    /** Running as asked, but a new certificate was written: restart it to serve that. */
    RESTART
  }

  private final DockerClient docker;
  private final HubContainers containers;
  private final Progress progress;

  ContainerStep(DockerClient docker, Progress progress) {
    this.docker = docker;
    this.containers = new HubContainers(docker);
    this.progress = progress;
  }

  /** Keep or replace: decided from what the engine says, without it. */
  static Action decide(
      boolean exists, boolean sameConfig, boolean running, boolean newCertificate) {
    if (!exists) {
      return Action.CREATE;
    }
    if (!sameConfig) {
      return Action.REPLACE;
    }
    if (!running) {
      return Action.START;
    }
    return newCertificate ? Action.RESTART : Action.KEEP;
  }

  @Override
  public void run(UpState up) {
    HubSpec spec = up.spec();
    String config = configDigest(spec, up.image(), up.volumes());
    Optional<InspectContainerResponse> existing = up.existing();
    Action action =
        decide(
            existing.isPresent(),
            existing
                .map(c -> config.equals(c.getConfig().getLabels().get(Labels.CONFIG)))
                .orElse(false),
            existing.map(HubContainers::running).orElse(false),
            up.newCertificate());
    switch (action) {
      case RESTART -> {
        progress.say("Restarting hub " + spec.name() + " with its new certificate.");
        String id = existing.get().getId();
        docker.stopContainerCmd(id).withTimeout(20).exec();
        containers.start(spec, id);
      }
      case KEEP ->
          progress.say("Hub " + spec.name() + " is already up with this image and these options.");
      case START -> {
        progress.say("Starting the existing container " + spec.name() + ".");
        containers.start(spec, existing.get().getId());
      }
      case REPLACE -> {
        progress.say(
            "Replacing container "
                + spec.name()
                + " (image or options changed; volumes are kept).");
        containers.remove(existing.get().getId());
        containers.start(spec, create(spec, up.image(), up.volumes(), config));
      }
      case CREATE -> containers.start(spec, create(spec, up.image(), up.volumes(), config));
    }
  }

  private String create(HubSpec spec, HubImage image, VolumeSet volumes, String config) {
    List<Bind> binds = new ArrayList<>(HubContainers.binds(spec.name(), volumes));
    for (HostShare share : spec.shares()) {
      binds.add(
          new Bind(
              share.hostDir(),
              new Volume(share.path()),
              share.readOnly() ? AccessMode.ro : AccessMode.rw));
    }
    if (spec.containerServers()) {
      binds.add(new Bind(HubGate.socketVolume(spec.name()), new Volume(HubGate.SOCKET_DIR)));
    }
    Ports ports = new Ports();
    ports.bind(HUB_PORT, Ports.Binding.bindIpAndPort(spec.bind(), spec.port()));
    spec.httpPort()
        .ifPresent(http -> ports.bind(HTTP_PORT, Ports.Binding.bindIpAndPort(spec.bind(), http)));
    Map<String, String> labels = new HashMap<>(HubContainers.labels(spec));
    labels.put(Labels.CONFIG, config);
    if (spec.tls()) {
      labels.put(Labels.TLS, "true");
    }
    HostConfig host =
        HostConfig.newHostConfig()
            .withBinds(binds)
            .withPortBindings(ports)
            .withRestartPolicy(RestartPolicy.unlessStoppedRestart());
    spec.cpus().ifPresent(cpus -> host.withNanoCPUs(Math.round(cpus * 1e9)));
    spec.memory().ifPresent(memory -> host.withMemory(memory).withMemorySwap(memory));
    spec.pids().ifPresent(host::withPidsLimit);
    String id =
        docker
            .createContainerCmd(image.id())
            .withName(spec.name())
            .withHostName(spec.name())
            .withLabels(labels)
            .withEnv(ContainerConfig.environment(spec, image.id(), volumes))
            .withExposedPorts(
                spec.httpPort().isPresent() ? List.of(HUB_PORT, HTTP_PORT) : List.of(HUB_PORT))
            .withHostConfig(host)
            .exec()
            .getId();
    if (spec.containerServers()) {
      // Beside its published bridge: the proxy reaches user servers on the private network.
      docker
          .connectToNetworkCmd()
          .withNetworkId(HubGate.network(spec.name()))
          .withContainerId(id)
          .exec();
    }
    return id;
  }

  /** What the container is made from; a change of any of it replaces the container. */
  static String configDigest(HubSpec spec, HubImage image, VolumeSet volumes) {
    return image.id()
        + " "
        + spec.bind()
        + ":"
        + spec.port()
        + " "
        + String.join(" ", ContainerConfig.environment(spec, image.id(), volumes))
        + " shares="
        + spec.shares()
        + " cpus="
        + spec.cpus().orElse(null)
        + " memory="
        + spec.memory().orElse(null)
        + spec.pids().map(pids -> " pids=" + pids).orElse("")
        + (spec.httpPort().isPresent() ? " http=" + spec.httpPort().get() : "")
        + (spec.containerServers() ? " servers=" + spec.servers().word() : "");
  }
}
