package dev.quickhub.runtime;

import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a hub runs: its name (container {@code NAME}, volumes {@code NAME_*}), and where its port is
 * published. Loopback unless asked.
 */
public final class HubSpec {

  public static final String DEFAULT_NAME = "quickjh";
  public static final int DEFAULT_PORT = 8000;
  public static final String DEFAULT_BIND = "127.0.0.1";

  /** Each user's process cap when none was given: room for a server, kernels and a build. */
  public static final int DEFAULT_USER_PIDS = 512;

  private final String name;
  private final int port;
  private final String bind;
  private final List<HostShare> shares;
  private final Double cpus;
  private final Long memory;
  private final Long userMemory;
  private final Double userCpus;
  private final String gpus;
  private final Servers servers;
  private final Long pids;
  private final Integer userPids;
  private final Duration cullIdle;
  private final boolean ephemeral;
  private final boolean tls;
  private final Integer httpPort;
  private final boolean insecureHttp;

  private HubSpec(Builder builder) {
    this.name = requireName(builder.name);
    this.port = requirePort(builder.port);
    this.bind = requireBind(builder.bind);
    this.shares = List.copyOf(builder.shares);
    if (shares.stream().map(HostShare::name).distinct().count() < shares.size()) {
      throw refused("Two {} options use the same name; give each its own.", Setting.SHARE);
    }
    if (builder.cpus != null && (builder.cpus <= 0 || builder.cpus > 1024)) {
      throw refused(
          "{} {} is not a number of CPUs; give for example 1.5.", Setting.CPUS, builder.cpus);
    }
    if (builder.userCpus != null && (builder.userCpus <= 0 || builder.userCpus > 1024)) {
      throw refused(
          "{} {} is not a number of CPUs; give for example 0.5.",
          Setting.USER_CPUS,
          builder.userCpus);
    }
    if (builder.userCpus != null && builder.servers != Servers.CONTAINER) {
      // A process server cannot be held to a share of CPUs; only a container can.
      throw refused(
          "{} needs {} container; give {} 0 to remove it.",
          Setting.USER_CPUS,
          Setting.SERVERS,
          Setting.USER_CPUS);
    }
    if (builder.gpus != null && !builder.gpus.matches("all|[1-9][0-9]{0,3}")) {
      throw refused(
          "{} {} is not a number of GPUs; give all, a count such as 1, or 0 for none.",
          Setting.GPUS,
          builder.gpus);
    }
    if (builder.gpus != null && builder.servers != Servers.CONTAINER) {
      // GPUs reach a user's server only as a device request of its own container.
      throw refused(
          "{} needs {} container; give {} 0 to remove it.",
          Setting.GPUS,
          Setting.SERVERS,
          Setting.GPUS);
    }
    if (builder.servers == Servers.CONTAINER && !userContainersOwnName(name)) {
      throw refused(
          "Hub name '{}' has '-user-' in it or ends in '-user', so its containers' names could be"
              + " another hub's user containers; give {} container a hub name without that.",
          name,
          Setting.SERVERS);
    }
    if (builder.pids != null && builder.pids < 1) {
      throw refused("{} {} is not a number of processes.", Setting.PIDS, builder.pids);
    }
    if (builder.userPids != null && builder.userPids < 1) {
      throw refused("{} {} is not a number of processes.", Setting.USER_PIDS, builder.userPids);
    }
    if (builder.cullIdle != null && builder.cullIdle.toSeconds() < 10) {
      throw refused("{} needs a number of minutes, at least 1.", Setting.CULL_IDLE);
    }
    this.cpus = builder.cpus;
    this.memory = builder.memory;
    this.userMemory = builder.userMemory;
    this.userCpus = builder.userCpus;
    this.gpus = builder.gpus;
    this.servers = builder.servers;
    this.pids = builder.pids;
    this.userPids = builder.userPids;
    this.cullIdle = builder.cullIdle;
    this.ephemeral = builder.ephemeral;
    this.tls = builder.tls;
    this.httpPort = builder.httpPort;
    if (httpPort != null && (requirePort(httpPort) == port || !tls)) {
      throw httpPort == port
          ? refused(
              "{} {} is the hub's {}; give each its own.",
              Setting.HTTP_PORT,
              httpPort,
              Setting.PORT)
          : refused(
              "{} redirects to HTTPS, so it needs {}, {} or {}.",
              Setting.HTTP_PORT,
              Setting.TLS_CERT,
              Setting.SELF_SIGNED,
              Setting.DOMAIN);
    }
    this.insecureHttp = builder.insecureHttp;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder builder = new Builder().name(name).port(port).bind(bind);
    shares.forEach(builder::share);
    builder.cpus = cpus;
    builder.memory = memory;
    builder.userMemory = userMemory;
    builder.userCpus = userCpus;
    builder.gpus = gpus;
    builder.servers = servers;
    builder.pids = pids;
    builder.userPids = userPids;
    builder.cullIdle = cullIdle;
    builder.ephemeral = ephemeral;
    builder.tls = tls;
    builder.httpPort = httpPort;
    builder.insecureHttp = insecureHttp;
    return builder;
  }

  /** Hub names become container and volume names, so they follow the engine's rules. */
  public static String requireName(String name) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]{0,62}")) {
      throw new QuickHubException(
          "'"
              + name
              + "' is not a valid hub name: use lower-case letters, digits, '_', '.' or '-',"
              + " starting with a letter or digit.");
    }
    return name;
  }

  /**
   * True when the user containers of hub {@code name} ({@code NAME-user-USER}) can never have the
   * name of another hub's container or user container, whatever '-' the user names hold: only a hub
   * name with "-user-" in it or "-user" at its end can make the same name from another hub's name
   * and user.
   */
  static boolean userContainersOwnName(String name) {
    return !name.contains("-user-") && !name.endsWith("-user");
  }

  private static int requirePort(int port) {
    if (port < 1 || port > 65535) {
      throw refused("Port {} is out of range; give {} between 1 and 65535.", port, Setting.PORT);
    }
    return port;
  }

  private static final String NOT_AN_ADDRESS =
      "'{}' is not an IP address; give {} as for example 127.0.0.1.";

  static String requireBind(String bind) {
    if (bind == null || !bind.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw refused(NOT_AN_ADDRESS, String.valueOf(bind), Setting.BIND);
    }
    try {
      InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw refused(NOT_AN_ADDRESS, String.valueOf(bind), Setting.BIND);
    }
    return bind;
  }

  private static QuickHubException refused(String template, Object... parts) {
    return new QuickHubException(Message.of(template, parts));
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public String bind() {
    return bind;
  }

  /** Folders of the engine's host shared into the hub. */
  public List<HostShare> shares() {
    return shares;
  }

  /** The container's CPU limit, if any. */
  public Optional<Double> cpus() {
    return Optional.ofNullable(cpus);
  }

  /** The container's memory limit in bytes, if any. */
  public Optional<Long> memory() {
    return Optional.ofNullable(memory);
  }

  /**
   * The memory limit of each process of a user's server (server and each kernel), if any; with
   * {@link Servers#CONTAINER} the limit of each user's container.
   */
  public Optional<Long> userMemory() {
    return Optional.ofNullable(userMemory);
  }

  /** The CPU limit of each user's container (only with {@link Servers#CONTAINER}), if any. */
  public Optional<Double> userCpus() {
    return Optional.ofNullable(userCpus);
  }

  /**
   * The GPUs each user's container asks the engine for (only with {@link Servers#CONTAINER}): "all"
   * or a count, if any.
   */
  public Optional<String> gpus() {
    return Optional.ofNullable(gpus);
  }

  /** Where users' servers run. */
  public Servers servers() {
    return servers;
  }

  /** The most processes (and threads) the whole hub may have at once, if limited. */
  public Optional<Long> pids() {
    return Optional.ofNullable(pids);
  }

  /**
   * The most processes (and threads) each user may have at once (RLIMIT_NPROC of their servers and
   * PAM sessions), if limited.
   */
  public Optional<Integer> userPids() {
    return Optional.ofNullable(userPids);
  }

  /** How long a user server may be idle before it is stopped, if culling is on. */
  public Optional<Duration> cullIdle() {
    return Optional.ofNullable(cullIdle);
  }

  /** A throw-away hub (for CI): labelled so, and removed whole by {@code down --ephemeral}. */
  public boolean ephemeral() {
    return ephemeral;
  }

  /** True when the hub serves HTTPS with the certificate on its srv volume. */
  public boolean tls() {
    return tls;
  }

  /** The published plain-HTTP port that redirects to HTTPS and answers ACME challenges, if any. */
  public Optional<Integer> httpPort() {
    return Optional.ofNullable(httpPort);
  }

  /** True when plain HTTP on a public address was explicitly allowed. */
  public boolean insecureHttp() {
    return insecureHttp;
  }

  /** True when each user's server runs in its own container, made through the hub's gate. */
  public boolean containerServers() {
    return servers == Servers.CONTAINER;
  }

  /** True when only this machine can reach the hub. */
  public boolean isLoopback() {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The address to reach the hub from this machine: a wildcard bind is reached on loopback. */
  public String reachableHost() {
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      return "localhost";
    }
    return isLoopback() ? "localhost" : (bind.contains(":") ? "[" + bind + "]" : bind);
  }

  public String url() {
    return (tls ? "https://" : "http://") + reachableHost() + ":" + port + "/";
  }

  /** The URL of a hub published on {@code ip} (empty: every address) and {@code port}. */
  public static String url(String ip, int port, boolean tls) {
    return builder()
        .bind(ip == null || ip.isEmpty() ? "0.0.0.0" : ip)
        .port(port)
        .tls(tls)
        .build()
        .url();
  }

  // Whether a hub is ephemeral is a label, not an option of its container: not compared.
  private List<Object> options() {
    return Arrays.asList(
        name,
        port,
        bind,
        shares,
        cpus,
        memory,
        userMemory,
        userCpus,
        gpus,
        servers,
        pids,
        userPids,
        cullIdle,
        tls,
        httpPort,
        insecureHttp);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HubSpec other && options().equals(other.options());
  }

  @Override
  public int hashCode() {
    return options().hashCode();
  }

  @Override
  public String toString() {
    return name + " on " + bind + ":" + port;
  }

  /** Builds a {@link HubSpec}; unset values take the defaults. */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private int port = DEFAULT_PORT;
    private String bind = DEFAULT_BIND;
    private final List<HostShare> shares = new ArrayList<>();
    private Double cpus;
    private Long memory;
    private Long userMemory;
    private Double userCpus;
    private String gpus;
    private Servers servers = Servers.PROCESS;
    private Long pids;
    private Integer userPids = DEFAULT_USER_PIDS;
    private Duration cullIdle;
    private boolean ephemeral;
    private boolean tls;
    private Integer httpPort;
    private boolean insecureHttp;

    /** Serves HTTPS with the certificate on the srv volume. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** Publishes a plain-HTTP port that redirects to HTTPS (null: none). */
    public Builder httpPort(Integer httpPort) {
      this.httpPort = httpPort;
      return this;
    }

    /** Allows plain HTTP on a public address. */
    public Builder insecureHttp(boolean insecureHttp) {
      this.insecureHttp = insecureHttp;
      return this;
    }

    /** Marks the hub as throw-away. */
    public Builder ephemeral(boolean ephemeral) {
      this.ephemeral = ephemeral;
      return this;
    }

    /** Shares a folder of the engine's host into the hub. */
    public Builder share(HostShare share) {
      shares.add(share);
      return this;
    }

    /** Limits the whole hub to this many CPUs (e.g. 1.5). */
    public Builder cpus(Double cpus) {
      this.cpus = cpus;
      return this;
    }

    /** Limits the whole hub's memory, in bytes. */
    public Builder memory(Long memory) {
      this.memory = memory;
      return this;
    }

    /** Limits the memory of each process of a user's server (server, each kernel), in bytes. */
    public Builder userMemory(Long userMemory) {
      this.userMemory = userMemory;
      return this;
    }

    /** Limits each user's container to this many CPUs (e.g. 0.5); null: no limit. */
    public Builder userCpus(Double userCpus) {
      this.userCpus = userCpus;
      return this;
    }

    /** Gives each user's container "all" GPUs or a count of them; null: none. */
    public Builder gpus(String gpus) {
      this.gpus = gpus;
      return this;
    }

    /** Runs users' servers as processes (default) or each in its own container. */
    public Builder servers(Servers servers) {
      this.servers = Objects.requireNonNull(servers);
      return this;
    }

    /** Limits the whole hub's number of processes and threads; null: no limit. */
    public Builder pids(Long pids) {
      this.pids = pids;
      return this;
    }

    /**
     * Limits each user's number of processes and threads; null: no limit. Default {@value
     * HubSpec#DEFAULT_USER_PIDS}.
     */
    public Builder userPids(Integer userPids) {
      this.userPids = userPids;
      return this;
    }

    /** Stops user servers idle for this long (at least 10 s); null: never. */
    public Builder cullIdle(Duration cullIdle) {
      this.cullIdle = cullIdle;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bind(String bind) {
      this.bind = bind;
      return this;
    }

    public HubSpec build() {
      return new HubSpec(this);
    }
  }
}
