package dev.quickhub;

import dev.quickhub.backup.BackupManifest;
import dev.quickhub.backup.HubBackup;
import dev.quickhub.backup.HubRestore;
import dev.quickhub.course.HubCourse;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Engine;
import dev.quickhub.engine.EngineDockerClient;
import dev.quickhub.engine.EngineSettings;
import dev.quickhub.image.BaseImage;
import dev.quickhub.image.BaseResolver;
import dev.quickhub.image.HubImage;
import dev.quickhub.image.HubImageBuilder;
import dev.quickhub.image.HubImagePush;
import dev.quickhub.image.ImageSettings;
import dev.quickhub.image.ImageSources;
import dev.quickhub.image.LabOverrides;
import dev.quickhub.image.PushedImage;
import dev.quickhub.image.RegistryTarget;
import dev.quickhub.kernels.HubKernels;
import dev.quickhub.report.Progress;
import dev.quickhub.runtime.Adopter;
import dev.quickhub.runtime.EphemeralHub;
import dev.quickhub.runtime.EphemeralHubs;
import dev.quickhub.runtime.Forwarding;
import dev.quickhub.runtime.FreePort;
import dev.quickhub.runtime.HubAdoption;
import dev.quickhub.runtime.HubLister;
import dev.quickhub.runtime.HubRuntime;
import dev.quickhub.runtime.HubServers;
import dev.quickhub.runtime.HubSpec;
import dev.quickhub.runtime.HubStatus;
import dev.quickhub.runtime.HubSummary;
import dev.quickhub.tls.HubCertificates;
import dev.quickhub.tls.HubTls;
import dev.quickhub.tls.TlsSettings;
import dev.quickhub.users.Account;
import dev.quickhub.users.HubUsers;
import dev.quickhub.users.SeedList;
import dev.quickhub.volumes.VolumeSet;
import dev.quickhub.z2jh.Z2jhExport;
import dev.quickhub.z2jh.Z2jhHub;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A hub, for library users and the CLI alike: what the hub is ({@link HubSpec} and how it is served
 * over TLS), kept apart from where it runs ({@link EngineSettings}) and how its image is made
 * ({@link ImageSettings}). The work is done by the packages below; this class only wires them.
 *
 * <pre>{@code
 * QuickHub hub = QuickHub.builder().name("course").port(8001).build();
 * HubStatus status = hub.up();   // builds the image when needed, starts the hub, waits for health
 * hub.down();                    // removes the container; the volumes stay
 * }</pre>
 */
public final class QuickHub {

  private final HubSpec spec;
  private final HubTls tls;
  private final EngineSettings engineSettings;
  private final ImageSettings image;
  private final Progress progress;
  private final Duration healthTimeout;
  private Engine engine;
  private HubCertificates.Outcome certificate;

  private QuickHub(Builder builder) {
    this.tls =
        new HubTls(
            builder.tls, Optional.ofNullable(builder.tlsCert), Optional.ofNullable(builder.tlsKey));
    this.spec =
        builder
            .spec
            .tls(tls.enabled())
            .httpPort(tls.settings().effectiveHttpPort())
            .insecureHttp(tls.settings().allowsInsecureHttp())
            .build();
    this.engineSettings = builder.engine.build();
    this.image = builder.image.build();
    this.progress = builder.progress;
    this.healthTimeout = builder.healthTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  public HubSpec spec() {
    return spec;
  }

  /** Builds (or finds unchanged) the hub image: the base first when it is not cached. */
  public HubImage buildImage() {
    SeedList.read(image.sources().seedFile());
    VolumeSet.read(volumesFile());
    LabOverrides.check(image.sources().labOverrides());
    BaseImage base = new BaseResolver(() -> engine().client(), progress).resolve(image);
    return new HubImageBuilder(
            new EngineDockerClient(engine().client()), image.cacheDir(), progress)
        .build(image.sources(), base, image.tag());
  }

  /**
   * Sends the hub image straight to a registry, built by the same description as {@link
   * #buildImage()} (the same image id) but never through the engine: only the blobs the registry
   * lacks are sent. The engine is asked only for a base it holds or must build.
   */
  public PushedImage push(RegistryTarget target) {
    SeedList.read(image.sources().seedFile());
    VolumeSet.read(volumesFile());
    BaseImage base = new BaseResolver(() -> engine().client(), progress).resolve(image);
    return new HubImagePush(
            () -> new EngineDockerClient(engine().client()), image.cacheDir(), progress)
        .push(image.sources(), base, target);
  }

  /** Builds the image when needed and runs the hub until it answers; returns its status. */
  public HubStatus up() {
    HubRuntime.preflight(spec, Optional.of(tls.request(false)));
    HubImage built = buildImage();
    certificate = runtime().up(spec, built, volumes(), tls.forUp()).orElse(null);
    return status();
  }

  /**
   * Renews the running hub's certificate when it is due (or {@code force}), with the remembered
   * settings, and restarts the hub to serve a new one. Says what it did.
   */
  public HubCertificates.Outcome renew(boolean force) {
    tls.requireEnabled(spec.name());
    certificate = runtime().renew(spec, volumes(), tls.request(force));
    return certificate;
  }

  /** What the last {@link #up()} or {@link #renew} did with the certificate, if HTTPS is on. */
  public Optional<HubCertificates.Outcome> certificate() {
    return Optional.ofNullable(certificate);
  }

  /**
   * Takes over a hub of the original quick-jupyterhub run under this hub's name: stops its
   * container, copies its /etc into {@code NAME_etc-original}, starts quickhub's hub on its volumes
   * (accounts, uids, password hashes and groups kept) and gives the accounts quickhub's homes and
   * admin rights. Refuses, changing nothing, when the original's volumes are not there.
   */
  public Adopter.Adoption adopt() {
    return new HubAdoption(engine(), runtime(), progress).adopt(spec, this::buildImage, volumes());
  }

  /**
   * Brings up a throw-away hub (build {@link Builder#ephemeral()}): everything it makes is labelled
   * ephemeral; it gets a user {@value EphemeralHubs#CI_USER} with a random password and returns an
   * API token of that user.
   */
  public EphemeralHub upEphemeral() {
    if (!spec.ephemeral()) {
      throw new IllegalStateException("build the hub with ephemeral()");
    }
    HubStatus status = up();
    return new EphemeralHubs(engine()).welcome(status, users());
  }

  /** Removes every trace of a hub made by {@link #upEphemeral()}; refuses any other hub. */
  public List<String> downEphemeral() {
    new EphemeralHubs(engine()).requireEphemeral(spec.name());
    return destroy();
  }

  /**
   * For a hub on an ssh:// engine: forwards local port {@code localPort} (0: a free one) to the
   * hub's {@code url} on the remote host over the SSH connection; returns the local URL.
   */
  public URI forward(URI url, int localPort) {
    return new Forwarding(engine(), runtime()).forward(spec, url, localPort);
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

  /**
   * Writes this hub, which must be down, into {@code dir} for Zero to JupyterHub: config.yaml for
   * users' servers on {@code imageReference}, the Secret with the password hashes, an archive per
   * home and share with the claims and Jobs that load them, and a README with the commands.
   */
  public Z2jhExport.Result exportZ2jh(Path dir, String imageReference) {
    Z2jhHub.Builder settings =
        Z2jhHub.builder()
            .image(imageReference)
            .userMemory(spec.userMemory().orElse(null))
            .userCpus(spec.userCpus().orElse(null))
            .cullIdle(spec.cullIdle().orElse(null));
    TlsSettings served = tls.settings();
    if (TlsSettings.ACME.equals(served.mode())) {
      settings.letsEncrypt(served.domain(), served.acmeEmail());
    }
    // The helper (never started) is made from the hub's own image when it has a container, else
    // from the image tag when the engine holds it: no build, no new tag. Else it is built.
    String image;
    try {
      image = engine().client().inspectContainerCmd(spec.name()).exec().getImageId();
    } catch (com.github.dockerjava.api.exception.NotFoundException e) {
      try {
        image = engine().client().inspectImageCmd(this.image.tag()).exec().getId();
      } catch (com.github.dockerjava.api.exception.NotFoundException noTag) {
        image = buildImage().id();
      }
    }
    return new Z2jhExport(engine().client(), progress)
        .write(spec.name(), volumes(), spec.shares(), image, settings, dir);
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
    return new HubUsers(exec(), runtime().requireRunning(spec.name()));
  }

  /** Starting users' servers ahead of their logins, on the running hub. */
  public HubServers servers() {
    return new HubServers(exec(), runtime().requireRunning(spec.name()));
  }

  /** The course assignments of the running hub: release, collect, return, status, archive. */
  public HubCourse course() {
    return new HubCourse(
        exec(), engine().client(), runtime().requireRunning(spec.name()), progress);
  }

  /** The kernels of the running hub. */
  public HubKernels kernels() {
    return new HubKernels(exec(), runtime().requireRunning(spec.name()));
  }

  public void logs(boolean follow, int tail, Consumer<String> out) {
    runtime().logs(spec.name(), follow, tail, out);
  }

  /** The engine, opened and checked on first use only (started first when allowed). */
  public synchronized Engine engine() {
    if (engine == null) {
      engine = engineSettings.open(progress);
    }
    return engine;
  }

  private HubRuntime runtime() {
    return new HubRuntime(engine(), progress, healthTimeout);
  }

  private ContainerExec exec() {
    return new ContainerExec(engine().client());
  }

  private VolumeSet volumes() {
    return VolumeSet.read(volumesFile());
  }

  private Path volumesFile() {
    return image.sources().volumesFile();
  }

  /** Builds a {@link QuickHub}; every setting has a default. */
  public static final class Builder {
    private final HubSpec.Builder spec = HubSpec.builder();
    private final ImageSettings.Builder image = ImageSettings.builder();
    private final EngineSettings.Builder engine = EngineSettings.builder();
    private boolean named;
    private Progress progress = Progress.silent();
    private Duration healthTimeout = Duration.ofMinutes(3);
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
      spec.port(FreePort.on(HubSpec.DEFAULT_BIND));
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

    /** Any change to what the hub is: its shares, limits and publishing options. */
    public Builder spec(UnaryOperator<HubSpec.Builder> change) {
      change.apply(spec);
      return this;
    }

    /** Any change to how the image is made (the shortcuts below set the common ones). */
    public Builder image(UnaryOperator<ImageSettings.Builder> change) {
      change.apply(image);
      return this;
    }

    /** Any change to where the hub runs (the shortcuts below set the common ones). */
    public Builder engine(UnaryOperator<EngineSettings.Builder> change) {
      change.apply(engine);
      return this;
    }

    /** A base instead of the Debian recipe: tarball path, engine image or registry reference. */
    public Builder base(String base) {
      image.base(base);
      return this;
    }

    /**
     * Build the Debian base in a container from this Debian image, even where the host could run
     * mmdebstrap itself (where it cannot, a container from Debian's slim image is the default).
     */
    public Builder builderImage(String builderImage) {
      image.builderImage(builderImage);
      return this;
    }

    /** The hub image's tag in the engine; default {@value HubImage#DEFAULT_TAG}. */
    public Builder imageTag(String imageTag) {
      image.tag(imageTag);
      return this;
    }

    /** Rebuild the cached base with today's packages. */
    public Builder refreshBase(boolean refreshBase) {
      image.refreshBase(refreshBase);
      return this;
    }

    public Builder sources(ImageSources sources) {
      image.sources(sources);
      return this;
    }

    /** The hub folder whose sources serve before QUICKHUB_HOME, the current folder, built-ins. */
    public Builder project(Path project) {
      image.project(project);
      return this;
    }

    public Builder cacheDir(Path cacheDir) {
      image.cacheDir(cacheDir);
      return this;
    }

    public Builder progress(Progress progress) {
      this.progress = progress;
      return this;
    }

    /** Whether a missing local engine may be installed and started (root on Debian only). */
    public Builder mayStartEngine(boolean mayStartEngine) {
      engine.mayStart(mayStartEngine);
      return this;
    }

    /** The engine's address; default DOCKER_HOST or the local socket. */
    public Builder host(String host) {
      engine.host(host);
      return this;
    }

    /** For an ssh:// host: trust its host key when known_hosts does not know it yet. */
    public Builder acceptNewHostKey(boolean acceptNewHostKey) {
      this.engine.acceptNewHostKey(acceptNewHostKey);
      return this;
    }

    /** How long {@link QuickHub#up()} waits for the hub to answer before it fails. */
    public Builder healthTimeout(Duration healthTimeout) {
      this.healthTimeout = healthTimeout;
      return this;
    }

    /** An engine already open, instead of {@link #host}. */
    public Builder engine(Engine engine) {
      this.engine.engine(engine);
      return this;
    }

    public QuickHub build() {
      return new QuickHub(this);
    }
  }
}
