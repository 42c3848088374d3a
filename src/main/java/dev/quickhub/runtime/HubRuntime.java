package dev.quickhub.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.quickhub.contract.ImageTool;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Engine;
import dev.quickhub.engine.Labels;
import dev.quickhub.engine.OneShot;
import dev.quickhub.image.HubImage;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.users.Account;
import dev.quickhub.volumes.HubVolume;
import dev.quickhub.volumes.VolumeSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs hubs in the engine through docker-java: volumes, the container, health, logs. It only ever
 * changes containers that carry its label {@code quickhub.hub=NAME}.
 */
public final class HubRuntime {

  private static final ExposedPort HUB_PORT = ExposedPort.tcp(8000);

  /** quickhub-http: redirects to HTTPS and answers ACME challenges. */
  private static final ExposedPort HTTP_PORT = ExposedPort.tcp(8080);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Engine engine;
  private final DockerClient docker;
  private final ContainerExec exec;
  private final Progress progress;
  private final Duration healthTimeout;

  public HubRuntime(Engine engine, Progress progress, Duration healthTimeout) {
    this.engine = engine;
    this.docker = engine.client();
    this.exec = new ContainerExec(docker);
    this.progress = progress;
    this.healthTimeout = healthTimeout;
  }

  /**
   * Starts the hub on {@code image}, creating its volumes when absent. A running container made
   * from the same image with the same options is left as it is; otherwise it is replaced (volumes
   * kept).
   */
  public void up(HubSpec spec, HubImage image, VolumeSet volumes) {
    up(spec, image, volumes, () -> false);
  }

  /**
   * Like {@link #up(HubSpec, HubImage, VolumeSet)}, running {@code certificateStep} once the
   * volumes exist and the accounts passed the public-bind check; when it reports a new certificate,
   * a running hub is restarted to serve it.
   */
  public void up(HubSpec spec, HubImage image, VolumeSet volumes, BooleanSupplier certificateStep) {
    Optional<InspectContainerResponse> existing = ownContainer(spec.name());
    if (!spec.isLoopback()) {
      refuseDefaultPasswords(spec, image, volumes);
    }
    ensureVolumes(spec, volumes);
    boolean newCertificate = certificateStep.getAsBoolean();
    String config = configDigest(spec, image, volumes);
    if (existing.isPresent()) {
      InspectContainerResponse container = existing.get();
      boolean same = config.equals(container.getConfig().getLabels().get(Labels.CONFIG));
      if (same && newCertificate && Boolean.TRUE.equals(container.getState().getRunning())) {
        progress.say("Restarting hub " + spec.name() + " with its new certificate.");
        restart(spec);
        return;
      }
      if (same && Boolean.TRUE.equals(container.getState().getRunning())) {
        progress.say("Hub " + spec.name() + " is already up with this image and these options.");
        waitHealthy(spec);
        return;
      }
      if (same) {
        progress.say("Starting the existing container " + spec.name() + ".");
        start(spec, container.getId());
        waitHealthy(spec);
        return;
      }
      progress.say(
          "Replacing container " + spec.name() + " (image or options changed; volumes are kept).");
      remove(container.getId());
    }
    ensureVolumes(spec, volumes);
    String id = create(spec, image, volumes, config);
    start(spec, id);
    waitHealthy(spec);
  }

  /** The image id of the hub's container. */
  public String imageOf(String name) {
    return ownContainer(name).orElseThrow(() -> noHub(name)).getImageId();
  }

  /** Stops and starts the hub's container (to load a new certificate) and waits for it. */
  public void restart(HubSpec spec) {
    String id = requireRunning(spec.name());
    docker.stopContainerCmd(id).withTimeout(20).exec();
    start(spec, id);
    waitHealthy(spec);
  }

  /**
   * Runs {@code work} with the id of a container that mounts the hub's volumes: the running hub,
   * else a created container that is never started and is removed afterwards.
   */
  public <T> T withVolumes(
      HubSpec spec, String image, VolumeSet volumes, Function<String, T> work) {
    Optional<InspectContainerResponse> hub = ownContainer(spec.name());
    if (hub.isPresent() && Boolean.TRUE.equals(hub.get().getState().getRunning())) {
      return work.apply(hub.get().getId());
    }
    String helper =
        docker
            .createContainerCmd(image)
            .withLabels(labels(spec))
            .withEntrypoint("true")
            .withHostConfig(HostConfig.newHostConfig().withBinds(binds(spec.name(), volumes)))
            .exec()
            .getId();
    try {
      return work.apply(helper);
    } finally {
      docker.removeContainerCmd(helper).withForce(true).exec();
    }
  }

  /**
   * The id of a running container that answers ACME challenges on the hub's HTTP port: the hub
   * itself when it publishes that port, else a new one that runs only quickhub-http, which {@code
   * work} gets and which is removed afterwards.
   */
  public <T> T withChallengeServer(
      HubSpec spec, String image, VolumeSet volumes, Function<String, T> work) {
    int httpPort =
        spec.httpPort()
            .orElseThrow(() -> new IllegalStateException("ACME needs the hub's HTTP port"));
    Optional<InspectContainerResponse> hub = ownContainer(spec.name());
    if (hub.isPresent()
        && Boolean.TRUE.equals(hub.get().getState().getRunning())
        && publishedPort(hub.get(), HTTP_PORT).equals(Optional.of(httpPort))) {
      return work.apply(hub.get().getId());
    }
    Ports ports = new Ports();
    ports.bind(HTTP_PORT, Ports.Binding.bindIpAndPort(spec.bind(), httpPort));
    String id =
        docker
            .createContainerCmd(image)
            .withName(spec.name() + "-acme")
            .withLabels(labels(spec))
            .withEntrypoint("/opt/quickhub/bin/quickhub-http")
            .withCmd(List.of())
            .withEnv("QUICKHUB_HTTPS_PORT=" + spec.port())
            .withExposedPorts(HTTP_PORT)
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withBinds(binds(spec.name(), volumes))
                    .withPortBindings(ports))
            .exec()
            .getId();
    try {
      try {
        docker.startContainerCmd(id).exec();
      } catch (DockerException e) {
        throw new QuickHubException(
            "HTTP port "
                + httpPort
                + " on "
                + spec.bind()
                + " cannot be published for the ACME challenge ("
                + String.valueOf(e.getMessage()).strip()
                + "); free it or choose another with --http-port.",
            e);
      }
      waitListening(spec, httpPort);
      return work.apply(id);
    } finally {
      remove(id);
    }
  }

  /** Waits until quickhub-http answers on the published HTTP port. */
  private void waitListening(HubSpec spec, int httpPort) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI uri = engine.reach(URI.create("http://" + spec.reachableHost() + ":" + httpPort + "/"));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      try {
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new QuickHubException(
        "The ACME challenge server did not answer on port "
            + httpPort
            + "; run the command again.");
  }

  /** The labels of everything quickhub makes for this hub. */
  private static Map<String, String> labels(HubSpec spec) {
    return spec.ephemeral()
        ? Map.of(Labels.HUB, spec.name(), Labels.EPHEMERAL, "true")
        : Map.of(Labels.HUB, spec.name());
  }

  /** Fails unless hub {@code name} was made by {@code up --ephemeral}. */
  public void requireEphemeral(String name) {
    boolean ephemeral =
        ownContainer(name)
            .map(c -> "true".equals(c.getConfig().getLabels().get(Labels.EPHEMERAL)))
            .orElseGet(
                () -> {
                  try {
                    Map<String, String> labels =
                        docker.inspectVolumeCmd(name + "_home").exec().getLabels();
                    return labels != null && "true".equals(labels.get(Labels.EPHEMERAL));
                  } catch (NotFoundException e) {
                    return false;
                  }
                });
    if (!ephemeral) {
      throw new QuickHubException(
          "Hub "
              + name
              + " was not made by 'up --ephemeral' (or is gone already); 'quickhub destroy --name "
              + name
              + "' removes a lasting hub.");
    }
  }

  /** Stops and removes the hub's container; its volumes stay. Returns false when there was none. */
  public boolean down(String name) {
    Optional<InspectContainerResponse> container = ownContainer(name);
    container.ifPresent(c -> remove(c.getId()));
    return container.isPresent();
  }

  /** Removes the container and the labelled volumes; returns their names. */
  public List<String> destroy(String name, VolumeSet volumes) {
    List<String> removed = new ArrayList<>();
    if (down(name)) {
      removed.add("container " + name);
    }
    for (HubVolume volume : volumes.volumes()) {
      String engineName = volume.volumeName(name);
      Map<String, String> labels;
      try {
        labels = docker.inspectVolumeCmd(engineName).exec().getLabels();
      } catch (NotFoundException e) {
        continue;
      }
      if (labels == null || !name.equals(labels.get(Labels.HUB))) {
        progress.say("Kept volume " + engineName + ": quickhub did not create it.");
        continue;
      }
      docker.removeVolumeCmd(engineName).exec();
      removed.add("volume " + engineName);
    }
    return removed;
  }

  public HubStatus status(String name, VolumeSet volumes) {
    List<String> volumeLines = new ArrayList<>();
    for (HubVolume volume : volumes.volumes()) {
      String engineName = volume.volumeName(name);
      volumeLines.add(
          engineName + " -> " + volume.path() + (volumeExists(engineName) ? "" : " (missing)"));
    }
    Optional<InspectContainerResponse> found = ownContainer(name);
    if (found.isEmpty()) {
      return new HubStatus(name, "absent", "", "", "", "", volumeLines, List.of());
    }
    InspectContainerResponse container = found.get();
    boolean running = Boolean.TRUE.equals(container.getState().getRunning());
    Map<String, String> labels = imageLabels(container.getImageId());
    return new HubStatus(
        name,
        container.getState().getStatus(),
        url(container).orElse(""),
        container.getImageId(),
        labels.getOrDefault(Labels.BASE, "unknown"),
        labels.getOrDefault(Labels.BASE_CREATED, "unknown"),
        volumeLines,
        running ? accounts(name) : List.of());
  }

  /** The id of the hub's running container, or a sentence saying to start it. */
  public String requireRunning(String name) {
    InspectContainerResponse container = ownContainer(name).orElseThrow(() -> noHub(name));
    if (!Boolean.TRUE.equals(container.getState().getRunning())) {
      throw new QuickHubException(
          "Hub " + name + " is not running; start it with 'quickhub up --name " + name + "'.");
    }
    return container.getId();
  }

  /** The accounts of the running hub. */
  public List<Account> accounts(String name) {
    return Account.list(
        ImageTool.in(exec, requireRunning(name))
            .saying(error -> "Listing the accounts of hub " + name + " failed: " + error)
            .run("quickhub-accounts", List.of()));
  }

  /**
   * Copies the container's log to {@code out}, following it when asked, until the container stops.
   */
  public void logs(String name, boolean follow, int tail, Consumer<String> out) {
    String id = ownContainer(name).orElseThrow(() -> noHub(name)).getId();
    var cmd = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(follow);
    if (tail >= 0) {
      cmd.withTail(tail);
    }
    try {
      cmd.exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  out.accept(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
              })
          .awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String logTail(String id, int lines) {
    try {
      return containerLog(id, lines).strip();
    } catch (DockerException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The last {@code tail} lines the container printed. */
  private String containerLog(String id, int tail) {
    StringBuilder text = new StringBuilder();
    try {
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(tail)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
              })
          .awaitCompletion(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return text.toString();
  }

  /** The hub's container, if there is one that quickhub made; refuses one it did not make. */
  Optional<InspectContainerResponse> ownContainer(String name) {
    InspectContainerResponse container;
    try {
      container = docker.inspectContainerCmd(name).exec();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    Map<String, String> labels = container.getConfig().getLabels();
    if (labels == null || !name.equals(labels.get(Labels.HUB))) {
      throw new QuickHubException(
          "A container named '"
              + name
              + "' exists that quickhub did not create; remove or rename it,"
              + " or choose another hub name with --name.");
    }
    return Optional.of(container);
  }

  void ensureVolumes(HubSpec spec, VolumeSet volumes) {
    for (HubVolume volume : volumes.volumes()) {
      String name = volume.volumeName(spec.name());
      if (!volumeExists(name)) {
        docker.createVolumeCmd().withName(name).withLabels(labels(spec)).exec();
        progress.say("Created volume " + name + " for " + volume.path() + ".");
      }
    }
  }

  private boolean volumeExists(String name) {
    try {
      docker.inspectVolumeCmd(name).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private String create(HubSpec spec, HubImage image, VolumeSet volumes, String config) {
    List<Bind> binds = new ArrayList<>(binds(spec.name(), volumes));
    for (HostShare share : spec.shares()) {
      binds.add(
          new Bind(
              share.hostDir(),
              new Volume(share.path()),
              share.readOnly() ? AccessMode.ro : AccessMode.rw));
    }
    Ports ports = new Ports();
    ports.bind(HUB_PORT, Ports.Binding.bindIpAndPort(spec.bind(), spec.port()));
    spec.httpPort()
        .ifPresent(http -> ports.bind(HTTP_PORT, Ports.Binding.bindIpAndPort(spec.bind(), http)));
    Map<String, String> labels = new HashMap<>(labels(spec));
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
    CreateContainerResponse created =
        docker
            .createContainerCmd(image.id())
            .withName(spec.name())
            .withHostName(spec.name())
            .withLabels(labels)
            .withEnv(environment(spec, volumes))
            .withExposedPorts(
                spec.httpPort().isPresent() ? List.of(HUB_PORT, HTTP_PORT) : List.of(HUB_PORT))
            .withHostConfig(host)
            .exec();
    return created.getId();
  }

  /**
   * What the image's scripts read of the hub's options: the shared folders (permissions at start,
   * links at spawn), the per-user memory and process limits and the idle culler. No secrets.
   */
  static List<String> environment(HubSpec spec, VolumeSet volumes) {
    List<Map<String, Object>> shares = new ArrayList<>();
    for (HubVolume volume : volumes.volumes()) {
      if (volume.isShare()) {
        Map<String, Object> share = new LinkedHashMap<>();
        share.put("name", volume.name());
        share.put("path", volume.path());
        share.put("access", volume.access());
        share.put("writers", volume.writers() != null ? volume.writers() : "jupyterhub-admins");
        shares.add(share);
      }
    }
    for (HostShare host : spec.shares()) {
      Map<String, Object> share = new LinkedHashMap<>();
      share.put("name", host.name());
      share.put("path", host.path());
      share.put("access", "host");
      shares.add(share);
    }
    List<String> env = new ArrayList<>();
    try {
      env.add("QUICKHUB_SHARES=" + JSON.writeValueAsString(shares));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    spec.userMemory().ifPresent(bytes -> env.add("QUICKHUB_USER_MEMORY=" + bytes));
    spec.userPids().ifPresent(pids -> env.add("QUICKHUB_USER_PIDS=" + pids));
    spec.cullIdle().ifPresent(idle -> env.add("QUICKHUB_CULL_IDLE=" + idle.toSeconds()));
    if (spec.tls()) {
      env.add("QUICKHUB_TLS=1");
    }
    if (spec.httpPort().isPresent()) {
      env.add("QUICKHUB_HTTP_REDIRECT=1");
      env.add("QUICKHUB_HTTPS_PORT=" + spec.port());
    }
    return env;
  }

  private void start(HubSpec spec, String id) {
    try {
      docker.startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // Already running.
    } catch (DockerException e) {
      String message = String.valueOf(e.getMessage());
      remove(id);
      if (message.contains("port is already allocated")
          || message.contains("address already in use")) {
        throw new QuickHubException(
            Message.of(
                "Port {} on {} is already in use; choose another with {}.",
                spec.port(),
                spec.bind(),
                Setting.PORT),
            e);
      }
      throw new QuickHubException(
          "The engine could not start hub " + spec.name() + ": " + message.strip(), e);
    }
  }

  private void remove(String id) {
    try {
      docker.stopContainerCmd(id).withTimeout(20).exec();
    } catch (NotModifiedException | NotFoundException e) {
      // Already stopped or gone.
    }
    try {
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException e) {
      // Already gone.
    }
  }

  /** Waits until {@code /hub/health} answers 200 through the published port. */
  private void waitHealthy(HubSpec spec) {
    // HTTP/1.1: the proxy in front of the hub drops Java's default HTTP/2 upgrade request.
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2));
    if (spec.tls()) {
      // Only "is it up" is asked and nothing secret is sent, so any certificate will do here
      // (a self-signed one, or one for a domain that does not name this address).
      builder.sslContext(HealthTls.trustingAny());
    }
    HttpClient http = builder.build();
    URI health = engine.reach(URI.create(spec.url() + "hub/health"));
    Instant deadline = Instant.now().plus(healthTimeout);
    progress.say("Waiting for the hub to answer at " + spec.url() + " ...");
    try {
      while (Instant.now().isBefore(deadline)) {
        InspectContainerResponse container = docker.inspectContainerCmd(spec.name()).exec();
        var state = container.getState();
        // The restart policy brings a crashing hub back at once, so a restart counts as a crash.
        boolean crashed =
            !Boolean.TRUE.equals(state.getRunning())
                || Boolean.TRUE.equals(state.getRestarting())
                || (container.getRestartCount() != null && container.getRestartCount() > 0);
        if (crashed) {
          try {
            docker.stopContainerCmd(container.getId()).withTimeout(5).exec();
          } catch (NotModifiedException e) {
            // Already stopped.
          }
          throw new QuickHubException(
              "Hub "
                  + spec.name()
                  + " stopped while starting (exit code "
                  + state.getExitCodeLong()
                  + "); it is left stopped for 'quickhub logs --name "
                  + spec.name()
                  + "'. Its log ends with:\n"
                  + logTail(container.getId(), 20));
        }
        try {
          HttpResponse<Void> response =
              http.send(
                  HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // Not listening yet.
        }
        Thread.sleep(500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while waiting for hub " + spec.name() + ".");
    }
    throw new QuickHubException(
        "Hub "
            + spec.name()
            + " did not answer at "
            + health
            + " within "
            + healthTimeout.toSeconds()
            + " s; 'quickhub logs --name "
            + spec.name()
            + "' shows why. Its log ends with:\n"
            + logTail(spec.name(), 20));
  }

  /**
   * Refuses a public bind while an account still has its default password: seeds the accounts and
   * lists them in a one-shot container on the hub's volumes, before anything is published.
   */
  private void refuseDefaultPasswords(HubSpec spec, HubImage image, VolumeSet volumes) {
    ensureVolumes(spec, volumes);
    JsonNode accounts =
        ImageTool.oneShot(new OneShot(docker), image.id(), spec.name(), binds(spec.name(), volumes))
            .saying(error -> "Checking the accounts of hub " + spec.name() + " failed: " + error)
            .run("quickhub-accounts", List.of("--seed"));
    refuseDefaultPasswords(spec, Account.withDefaultPassword(Account.list(accounts)));
  }

  /**
   * Refuses to publish {@code spec} on its public address while these accounts' passwords are their
   * names.
   */
  public static void refuseDefaultPasswords(HubSpec spec, List<String> defaults) {
    if (!defaults.isEmpty()) {
      throw new QuickHubException(
          "Refusing to publish hub "
              + spec.name()
              + " on "
              + spec.bind()
              + " while "
              + String.join(", ", defaults)
              + " still use the default password; change them first (or keep the default loopback bind).");
    }
  }

  static List<Bind> binds(String hub, VolumeSet volumes) {
    return volumes.volumes().stream()
        .map(volume -> new Bind(volume.volumeName(hub), new Volume(volume.path())))
        .toList();
  }

  private Optional<String> url(InspectContainerResponse container) {
    Ports.Binding[] bindings =
        container.getHostConfig().getPortBindings().getBindings().get(HUB_PORT);
    if (bindings == null || bindings.length == 0) {
      return Optional.empty();
    }
    Ports.Binding binding = bindings[0];
    return Optional.of(
        HubSpec.url(
            binding.getHostIp(),
            Integer.parseInt(binding.getHostPortSpec()),
            "true".equals(container.getConfig().getLabels().get(Labels.TLS))));
  }

  /** The host port {@code port} of the container is published on, if any. */
  private static Optional<Integer> publishedPort(
      InspectContainerResponse container, ExposedPort port) {
    Ports.Binding[] bindings = container.getHostConfig().getPortBindings().getBindings().get(port);
    if (bindings == null || bindings.length == 0) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(bindings[0].getHostPortSpec()));
  }

  private Map<String, String> imageLabels(String imageId) {
    try {
      Map<String, String> labels = docker.inspectImageCmd(imageId).exec().getConfig().getLabels();
      return labels == null ? Map.of() : labels;
    } catch (NotFoundException e) {
      return Map.of();
    }
  }

  static String configDigest(HubSpec spec, HubImage image, VolumeSet volumes) {
    return image.id()
        + " "
        + spec.bind()
        + ":"
        + spec.port()
        + " "
        + String.join(" ", environment(spec, volumes))
        + " shares="
        + spec.shares()
        + " cpus="
        + spec.cpus().orElse(null)
        + " memory="
        + spec.memory().orElse(null)
        + spec.pids().map(pids -> " pids=" + pids).orElse("")
        + (spec.httpPort().isPresent() ? " http=" + spec.httpPort().get() : "");
  }

  private static QuickHubException noHub(String name) {
    return new QuickHubException(
        "There is no hub named '" + name + "'; start it with 'quickhub up --name " + name + "'.");
  }
}
