package dev.quickhub.runtime;

import dev.quickhub.contract.ImageTool;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Engine;
import dev.quickhub.image.HubImage;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.tls.HubCertificates;
import dev.quickhub.users.Account;
import dev.quickhub.volumes.VolumeSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs hubs in the engine through docker-java. {@link #up} is a list of named steps; the other jobs
 * (status, logs, removal) each have a class of their own. It only ever changes containers and
 * volumes that carry its label {@code quickhub.hub=NAME}.
 */
public final class HubRuntime {

  private final Engine engine;
  private final ContainerExec exec;
  private final Progress progress;
  private final Duration healthTimeout;
  private final HubContainers containers;

  public HubRuntime(Engine engine, Progress progress, Duration healthTimeout) {
    this.engine = engine;
    this.exec = new ContainerExec(engine.client());
    this.progress = progress;
    this.healthTimeout = healthTimeout;
    this.containers = new HubContainers(engine.client());
  }

  /**
   * Checks made before anything is built or copied, so that a refusal changes nothing: publishing
   * on a public address needs HTTPS (or plain HTTP asked for), and given certificate files must be
   * readable and current.
   */
  public static void preflight(HubSpec spec, Optional<HubCertificates.Request> certificate) {
    PublishingStep.requireHttps(spec);
    certificate.ifPresent(request -> CertificateStep.checkGivenFiles(request, Instant.now()));
  }

  /**
   * Starts the hub on {@code image}, step by step (see {@link #steps()}); returns what the
   * certificate step did when a certificate was asked for.
   */
  public Optional<HubCertificates.Outcome> up(
      HubSpec spec,
      HubImage image,
      VolumeSet volumes,
      Optional<HubCertificates.Request> certificate) {
    UpState state = new UpState(spec, image, volumes, certificate, containers.find(spec.name()));
    try {
      for (UpStep step : steps()) {
        step.run(state);
      }
    } catch (RuntimeException e) {
      removeNewVolumes(state);
      throw e;
    }
    return state.certificate();
  }

  /**
   * After a refused first {@link #up}, when no container of the hub is left: the volumes this up
   * created, so a retry starts clean. A hub that had a container keeps all of its volumes, and so
   * does one whose container stayed (its log says why it stopped).
   */
  private void removeNewVolumes(UpState up) {
    if (up.existing().isPresent() || up.createdVolumes().isEmpty()) {
      return;
    }
    try {
      if (containers.find(up.spec().name()).isPresent()) {
        return;
      }
      for (String volume : up.createdVolumes()) {
        engine.client().removeVolumeCmd(volume).exec();
      }
    } catch (RuntimeException e) {
      // The refusal is what the user needs to read; a volume left is listed by 'quickhub ls'.
      progress.say("Could not remove the new volumes of hub " + up.spec().name() + ": " + e);
    }
  }

  /**
   * The steps of {@link #up}, in order: the hub name (a new hub's must not take another hub's
   * container names), the configuration check (before anything is made or replaced), the volumes
   * (made once, labelled), the publishing checks (before anything is published), the certificate
   * (on the volumes, before the container that serves it), the gate when servers run in containers
   * (before the hub that uses it), the container (kept, started, restarted or replaced) and its
   * health.
   */
  List<UpStep> steps() {
    return List.of(
        new HubNameStep(engine.client(), progress),
        new ConfigCheckStep(engine.client(), progress),
        new VolumesStep(engine.client(), progress),
        new PublishingStep(engine.client()),
        new CertificateStep(engine, progress),
        new GateStep(engine.client(), progress, engineSocket()),
        new ContainerStep(engine.client(), progress),
        health());
  }

  /**
   * The engine's socket on its host, for the gate to mount: a local engine's own unix socket;
   * otherwise (tcp, ssh) the usual /var/run/docker.sock of the engine's host. Podman's and remote
   * engines' own paths are for later.
   */
  private String engineSocket() {
    boolean local = engine.tunnel().isEmpty() && "unix".equals(engine.host().getScheme());
    return local ? engine.host().getPath() : HubGate.ENGINE_SOCKET;
  }

  /**
   * Renews the running hub's certificate as {@code request} says and restarts the hub to serve a
   * new one.
   */
  public HubCertificates.Outcome renew(
      HubSpec spec, VolumeSet volumes, HubCertificates.Request request) {
    requireRunning(spec.name());
    HubCertificates.Outcome outcome =
        new CertificateStep(engine, progress).ensure(spec, imageOf(spec.name()), volumes, request);
    if (outcome.changed()) {
      restart(spec);
    }
    return outcome;
  }

  /** The image id of the hub's container. */
  public String imageOf(String name) {
    return containers.require(name).getImageId();
  }

  /** Stops and starts the hub's container (to load a new certificate) and waits for it. */
  public void restart(HubSpec spec) {
    String id = requireRunning(spec.name());
    engine.client().stopContainerCmd(id).withTimeout(20).exec();
    containers.start(spec, id);
    health().waitFor(spec);
  }

  /** Stops and removes the hub's container; its volumes stay. Returns false when there was none. */
  public boolean down(String name) {
    return new HubRemoval(engine.client(), progress).down(name);
  }

  /** Removes the container and the labelled volumes; returns their names. */
  public List<String> destroy(String name, VolumeSet volumes) {
    return new HubRemoval(engine.client(), progress).destroy(name, volumes);
  }

  public HubStatus status(String name, VolumeSet volumes) {
    return new StatusReader(engine.client()).status(name, volumes, this::accounts);
  }

  /** The id of the hub's running container, or a sentence saying to start it. */
  public String requireRunning(String name) {
    return containers.requireRunning(name);
  }

  /** The accounts of the running hub. */
  public List<Account> accounts(String name) {
    return Account.list(
        ImageTool.in(exec, requireRunning(name))
            .saying(error -> Message.of("Listing the accounts of hub {} failed: {}", name, error))
            .run("quickhub-accounts", List.of()));
  }

  /**
   * Copies the container's log to {@code out}, following it when asked, until the container stops.
   */
  public void logs(String name, boolean follow, int tail, Consumer<String> out) {
    new HubLogs(engine.client()).copy(containers.require(name).getId(), follow, tail, out);
  }

  private HealthStep health() {
    return new HealthStep(engine, progress, healthTimeout);
  }
}
