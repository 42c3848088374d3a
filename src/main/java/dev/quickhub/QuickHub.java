package dev.quickhub;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.backup.BackupManifest;
import dev.quickhub.backup.HubBackup;
import dev.quickhub.backup.HubRestore;
import dev.quickhub.client.HubClient;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Engine;
import dev.quickhub.engine.EngineDockerClient;
import dev.quickhub.engine.EngineStarter;
import dev.quickhub.engine.VolumeFiles;
import dev.quickhub.image.BaseImage;
import dev.quickhub.image.BaseImageBuilder;
import dev.quickhub.image.HubImage;
import dev.quickhub.image.HubImageBuilder;
import dev.quickhub.image.ImageSources;
import dev.quickhub.kernels.HubKernels;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.Adopter;
import dev.quickhub.runtime.EphemeralHub;
import dev.quickhub.runtime.HostShare;
import dev.quickhub.runtime.HubLister;
import dev.quickhub.runtime.HubRuntime;
import dev.quickhub.runtime.HubServers;
import dev.quickhub.runtime.HubSpec;
import dev.quickhub.runtime.HubStatus;
import dev.quickhub.runtime.HubSummary;
import dev.quickhub.system.Dirs;
import dev.quickhub.tls.HubCertificates;
import dev.quickhub.tls.TlsCertificate;
import dev.quickhub.tls.TlsSettings;
import dev.quickhub.users.Account;
import dev.quickhub.users.HubUsers;
import dev.quickhub.users.SeedList;
import dev.quickhub.volumes.VolumeSet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A hub, for library users and the CLI alike.
 *
 * <pre>{@code
 * QuickHub hub = QuickHub.builder().name("course").port(8001).build();
 * HubStatus status = hub.up();   // builds the image when needed, starts the hub, waits for health
 * hub.down();                    // removes the container; the volumes stay
 * }</pre>
 */
public final class QuickHub {

  /** The user an ephemeral hub is made with. */
  public static final String CI_USER = "ci";

  private final HubSpec spec;
  private final String base;
  private final String imageTag;
  private final boolean refreshBase;
  private final ImageSources sources;
  private final Path cacheDir;
  private final Progress progress;
  private final boolean mayStartEngine;
  private final Duration healthTimeout;
  private final TlsSettings tls;
  private final Path tlsCert;
  private final Path tlsKey;
  private Engine engine;
  private HubCertificates.Outcome certificate;

  private QuickHub(Builder builder) {
    this.tls = builder.tls;
    this.tlsCert = builder.tlsCert;
    this.tlsKey = builder.tlsKey;
    Integer httpPort = tls.effectiveHttpPort();
    this.spec =
        builder
            .spec
            .tls(tls.enabled())
            .httpPort(httpPort)
            .insecureHttp(tls.allowsInsecureHttp())
            .build();
    this.base = builder.base;
    this.imageTag = builder.imageTag;
    this.refreshBase = builder.refreshBase;
    this.sources = builder.sources != null ? builder.sources : ImageSources.locate();
    this.cacheDir = builder.cacheDir != null ? builder.cacheDir : Dirs.cache();
    this.progress = builder.progress;
    this.mayStartEngine = builder.mayStartEngine;
    this.healthTimeout = builder.healthTimeout;
    this.engine =
        builder.engine != null
            ? builder.engine
            : builder.host != null ? Engine.at(builder.host, builder.acceptNewHostKey) : null;
  }

  public static Builder builder() {
    return new Builder();
  }

  public HubSpec spec() {
    return spec;
  }

  /** Builds (or finds unchanged) the hub image: the base first when it is not cached. */
  public HubImage buildImage() {
    SeedList.read(sources.seedFile());
    VolumeSet.read(volumesFile());
    BaseImage baseImage = resolveBase();
    return new HubImageBuilder(new EngineDockerClient(engine().client()), cacheDir, progress)
        .build(sources, baseImage, imageTag);
  }

  /** Builds the image when needed and runs the hub until it answers; returns its status. */
  public HubStatus up() {
    requireSafePublishing();
    if (tlsCert != null || tlsKey != null) {
      // Checked before anything is built or copied, so bad files change nothing.
      certificateRequest(false);
    }
    HubImage image = buildImage();
    VolumeSet volumes = volumes();
    HubRuntime runtime = runtime();
    runtime.up(
        spec,
        image,
        volumes,
        () -> tls.enabled() && ensureCertificate(runtime, image.id(), volumes, false).changed());
    return status();
  }

  /**
   * Renews the running hub's certificate when it is due (or {@code force}), with the remembered
   * settings, and restarts the hub to serve a new one. Says what it did.
   */
  public HubCertificates.Outcome renew(boolean force) {
    if (!tls.enabled()) {
      throw new QuickHubException(
          "Hub "
              + spec.name()
              + " serves plain HTTP, so there is nothing to renew; bring it up with --domain,"
              + " --self-signed or --tls-cert first.");
    }
    HubRuntime runtime = runtime();
    runtime.requireRunning(spec.name());
    HubCertificates.Outcome outcome =
        ensureCertificate(runtime, runtime.imageOf(spec.name()), volumes(), force);
    if (outcome.changed()) {
      runtime.restart(spec);
    }
    return outcome;
  }

  /** What the last {@link #up()} or {@link #renew} did with the certificate, if HTTPS is on. */
  public Optional<HubCertificates.Outcome> certificate() {
    return Optional.ofNullable(certificate);
  }

  private HubCertificates.Outcome ensureCertificate(
      HubRuntime runtime, String image, VolumeSet volumes, boolean force) {
    HubCertificates.Request request = certificateRequest(force);
    var docker = engine().client();
    Instant now = Instant.now();
    boolean acme =
        runtime.withVolumes(
            spec,
            image,
            volumes,
            id ->
                new HubCertificates(new VolumeFiles(docker, id), progress).needsAcme(request, now));
    certificate =
        acme
            ? runtime.withChallengeServer(
                spec,
                image,
                volumes,
                id ->
                    new HubCertificates(new VolumeFiles(docker, id), progress)
                        .ensure(request, () -> HubCertificates.responder(docker, id), now))
            : runtime.withVolumes(
                spec,
                image,
                volumes,
                id ->
                    new HubCertificates(new VolumeFiles(docker, id), progress)
                        .ensure(
                            request,
                            () -> {
                              throw new IllegalStateException("no ACME needed");
                            },
                            now));
    return certificate;
  }

  /** The request for the certificate; reads and checks given files at once. */
  private HubCertificates.Request certificateRequest(boolean force) {
    if (tlsCert != null && tlsKey != null) {
      TlsCertificate.read(tlsCert, tlsKey).requireCurrent(Instant.now(), tlsCert.toString());
    }
    return new HubCertificates.Request(
        tls, Optional.ofNullable(tlsCert), Optional.ofNullable(tlsKey), force);
  }

  /** A public address needs HTTPS, or plain HTTP asked for by name. */
  private void requireSafePublishing() {
    if (!spec.isLoopback() && !spec.tls() && !spec.insecureHttp()) {
      throw new QuickHubException(
          "Refusing to publish hub "
              + spec.name()
              + " on "
              + spec.bind()
              + " over plain HTTP, where passwords cross the network readable; serve HTTPS with"
              + " --domain and --acme-email, --tls-cert and --tls-key, or --self-signed (or add"
              + " --insecure-http on a network you trust).");
    }
  }

  /**
   * Takes over a hub of the original quick-jupyterhub run under this hub's name: stops its
   * container, copies its /etc into {@code NAME_etc-original}, starts quickhub's hub on its volumes
   * (accounts, uids, password hashes and groups kept) and gives the accounts quickhub's homes and
   * admin rights. Refuses, changing nothing, when the original's volumes are not there.
   */
  public Adopter.Adoption adopt() {
    requireSafePublishing();
    Adopter adopter = new Adopter(engine().client(), progress);
    Adopter.Original original = adopter.inspect(spec.name());
    HubImage image = buildImage();
    if (!spec.isLoopback()) {
      // Checked on the original's /etc before its container is stopped: a refusal changes nothing.
      HubRuntime.refuseDefaultPasswords(spec, adopter.defaultPasswords(original, image));
    }
    Optional<String> kept = adopter.takeOver(original, image);
    runtime().up(spec, image, volumes());
    List<String> accounts = users().adopt();
    return new Adopter.Adoption(original.etcCopy(), kept, accounts, status());
  }

  /**
   * Brings up a throw-away hub (build {@link Builder#ephemeral()}): everything it makes is labelled
   * ephemeral; it gets a user {@value #CI_USER} with a random password and returns an API token of
   * that user.
   */
  public EphemeralHub upEphemeral() {
    if (!spec.ephemeral()) {
      throw new IllegalStateException("build the hub with ephemeral()");
    }
    HubStatus status = up();
    String password =
        users().add(List.of(CI_USER), false, List.of(), Optional.empty()).get(CI_USER);
    HubClient client = HubClient.at(engine().reach(URI.create(status.url())));
    if (!client.login(CI_USER, password)) {
      throw new QuickHubException("The new user " + CI_USER + " cannot log in to " + status.url());
    }
    return new EphemeralHub(
        spec.name(), status.url(), CI_USER, client.newApiToken("quickhub up --ephemeral"));
  }

  /** Removes every trace of a hub made by {@link #upEphemeral()}; refuses any other hub. */
  public List<String> downEphemeral() {
    runtime().requireEphemeral(spec.name());
    return destroy();
  }

  /**
   * For a hub on an ssh:// engine: forwards local port {@code localPort} (0: a free one) to the
   * hub's {@code url} on the remote host over the SSH connection; returns the local URL.
   */
  public URI forward(URI url, int localPort) {
    Engine remote = engine();
    if (remote.tunnel().isEmpty()) {
      throw new QuickHubException(
          "--forward needs an ssh:// engine (--host or DOCKER_HOST); this hub is reached at "
              + url
              + " directly.");
    }
    // A forwarded port is on this machine's loopback, open to every local user of it.
    List<String> defaults = Account.withDefaultPassword(runtime().accounts(spec.name()));
    if (!defaults.isEmpty()) {
      throw new QuickHubException(
          "Refusing to forward hub "
              + spec.name()
              + " to this machine, where every local user can reach it, while "
              + String.join(", ", defaults)
              + " still use the default password; change them first.");
    }
    return remote.reach(url, localPort);
  }

  /** Stops and removes the container; volumes stay. False when there was no container. */
  public boolean down() {
    return runtime().down(spec.name());
  }

  /**
   * Removes the container and the volumes quickhub created for this hub, with all their data.
   * Returns what was removed; volumes it did not create are reported and kept.
   */
  public List<String> destroy() {
    return runtime().destroy(spec.name(), volumes());
  }

  public HubStatus status() {
    return runtime().status(spec.name(), volumes());
  }

  /**
   * Writes one archive of all the running hub's volumes to {@code file} (mode 0600: it holds
   * password hashes), the hub database copied with sqlite's backup; the hub keeps running.
   */
  public BackupManifest backup(Path file) {
    String container = runtime().requireRunning(spec.name());
    return new HubBackup(engine().client(), progress)
        .write(spec.name(), container, volumes(), file);
  }

  /**
   * Rebuilds this hub's volumes from a backup, after reading all of it; the hub must be down and
   * its volumes empty (or {@code force}, which replaces their files). Start it with {@link #up()}.
   */
  public BackupManifest restore(Path file, boolean force) {
    return new HubRestore(engine().client(), progress)
        .restore(file, spec.name(), volumes(), () -> buildImage().id(), force);
  }

  /** Every hub on this engine: state, URL, number of users and disk use. */
  public List<HubSummary> hubs() {
    return new HubLister(engine(), volumes()).list();
  }

  public List<Account> accounts() {
    return runtime().accounts(spec.name());
  }

  /** The accounts of the running hub, to change without a restart. */
  public HubUsers users() {
    return new HubUsers(
        new ContainerExec(engine().client()), runtime().requireRunning(spec.name()));
  }

  /** Starting users' servers ahead of their logins, on the running hub. */
  public HubServers servers() {
    return new HubServers(
        new ContainerExec(engine().client()), runtime().requireRunning(spec.name()));
  }

  /** The kernels of the running hub. */
  public HubKernels kernels() {
    return new HubKernels(
        new ContainerExec(engine().client()), runtime().requireRunning(spec.name()));
  }

  public void logs(boolean follow, int tail, Consumer<String> out) {
    runtime().logs(spec.name(), follow, tail, out);
  }

  /** The engine, started first when allowed and none answers. */
  public Engine engine() {
    if (engine == null) {
      engine = Engine.fromEnvironment();
    }
    return new EngineStarter(progress).ensure(engine, mayStartEngine);
  }

  private HubRuntime runtime() {
    return new HubRuntime(engine(), progress, healthTimeout);
  }

  private VolumeSet volumes() {
    return VolumeSet.read(volumesFile());
  }

  private Path volumesFile() {
    return sources.root().resolve("volumes").resolve("hub.yaml");
  }

  /**
   * --base as a tarball path, an image the engine holds, or a registry reference; else the recipe.
   */
  private BaseImage resolveBase() {
    if (base == null) {
      return new BaseImageBuilder(cacheDir, progress).baseFor(sources.baseRecipe(), refreshBase);
    }
    Path path = Path.of(base);
    if (Files.isRegularFile(path)) {
      return BaseImage.tarball(path.toAbsolutePath(), path.getFileName().toString(), null, null);
    }
    if (base.endsWith(".tar")
        || base.endsWith(".tar.gz")
        || base.startsWith(".")
        || base.startsWith("/")) {
      throw new QuickHubException(
          "The base tarball "
              + path.toAbsolutePath().normalize()
              + " does not exist; give an existing docker-archive"
              + " (from 'docker save'), an image the engine holds, or a registry reference.");
    }
    try {
      engine().client().inspectImageCmd(base).exec();
      return BaseImage.engine(base);
    } catch (NotFoundException e) {
      return BaseImage.registry(base);
    }
  }

  /** Builds a {@link QuickHub}; every setting has a default. */
  public static final class Builder {
    private final HubSpec.Builder spec = HubSpec.builder();
    private boolean named;
    private String base;
    private String imageTag = HubImage.DEFAULT_TAG;
    private boolean refreshBase;
    private ImageSources sources;
    private Path cacheDir;
    private Progress progress = Progress.silent();
    private boolean mayStartEngine = true;
    private Duration healthTimeout = Duration.ofMinutes(3);
    private Engine engine;
    private String host;
    private boolean acceptNewHostKey;
    private TlsSettings tls = TlsSettings.none();
    private Path tlsCert;
    private Path tlsKey;

    /** How the hub is served on the network: certificate source, ACME server, HTTP port. */
    public Builder tls(TlsSettings tls) {
      this.tls = tls == null ? TlsSettings.none() : tls;
      return this;
    }

    /** A certificate (chain) and its key in PEM files, for {@link TlsSettings#CERT}. */
    public Builder tlsFiles(Path cert, Path key) {
      this.tlsCert = cert;
      this.tlsKey = key;
      return this;
    }

    /**
     * A throw-away hub for CI: a random name {@code qhci-XXXXXXXX} unless one is given, a free
     * port, and everything labelled so that {@link QuickHub#downEphemeral()} removes it.
     */
    public Builder ephemeral() {
      spec.ephemeral(true);
      if (!named) {
        spec.name("qhci-" + java.util.UUID.randomUUID().toString().substring(0, 8));
      }
      spec.port(HubSpec.freePort(HubSpec.DEFAULT_BIND));
      return this;
    }

    /** Container {@code name}, volumes {@code name_*}; default {@value HubSpec#DEFAULT_NAME}. */
    public Builder name(String name) {
      spec.name(name);
      named = true;
      return this;
    }

    public Builder port(int port) {
      spec.port(port);
      return this;
    }

    /** The host address the port is published on; loopback by default. */
    public Builder bind(String bind) {
      spec.bind(bind);
      return this;
    }

    /** Shares a folder of the engine's host into the hub, read-only unless asked. */
    public Builder share(HostShare share) {
      spec.share(share);
      return this;
    }

    /** The whole hub's CPU and memory limits (null: none). */
    public Builder limits(Double cpus, Long memoryBytes) {
      spec.cpus(cpus).memory(memoryBytes);
      return this;
    }

    /** The memory limit of each process of a user's server, in bytes (null: none). */
    public Builder userMemory(Long bytes) {
      spec.userMemory(bytes);
      return this;
    }

    /** The whole hub's process limit (null: none). */
    public Builder pids(Long pids) {
      spec.pids(pids);
      return this;
    }

    /**
     * Each user's process limit (null: none; default {@value HubSpec#DEFAULT_USER_PIDS}), counted
     * per uid across the engine's host.
     */
    public Builder userPids(Integer userPids) {
      spec.userPids(userPids);
      return this;
    }

    /** Stops user servers idle this long (null: never). */
    public Builder cullIdle(Duration idle) {
      spec.cullIdle(idle);
      return this;
    }

    /** Any change to what the hub is: its shares, limits and publishing options. */
    public Builder spec(UnaryOperator<HubSpec.Builder> change) {
      change.apply(spec);
      return this;
    }

    /**
     * A base image instead of the Debian recipe: tarball path, engine image or registry reference.
     */
    public Builder base(String base) {
      this.base = base;
      return this;
    }

    /** The hub image's tag in the engine; default {@value HubImage#DEFAULT_TAG}. */
    public Builder imageTag(String imageTag) {
      this.imageTag = imageTag;
      return this;
    }

    /** Rebuild the cached base with today's packages. */
    public Builder refreshBase(boolean refreshBase) {
      this.refreshBase = refreshBase;
      return this;
    }

    public Builder sources(ImageSources sources) {
      this.sources = sources;
      return this;
    }

    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = cacheDir;
      return this;
    }

    public Builder progress(Progress progress) {
      this.progress = progress;
      return this;
    }

    /** Whether a missing local engine may be installed and started (root on Debian only). */
    public Builder mayStartEngine(boolean mayStartEngine) {
      this.mayStartEngine = mayStartEngine;
      return this;
    }

    /**
     * The engine's address ({@code unix://} or {@code tcp://}); default DOCKER_HOST or the local
     * socket.
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** For an ssh:// host: trust its host key when known_hosts does not know it yet. */
    public Builder acceptNewHostKey(boolean acceptNewHostKey) {
      this.acceptNewHostKey = acceptNewHostKey;
      return this;
    }

    /** How long {@link QuickHub#up()} waits for the hub to answer before it fails. */
    public Builder healthTimeout(Duration healthTimeout) {
      this.healthTimeout = healthTimeout;
      return this;
    }

    public Builder engine(Engine engine) {
      this.engine = engine;
      return this;
    }

    public QuickHub build() {
      return new QuickHub(this);
    }
  }
}
