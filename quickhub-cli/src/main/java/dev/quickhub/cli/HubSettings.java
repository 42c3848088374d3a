package dev.quickhub.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.ByteSize;
import dev.quickhub.runtime.HostShare;
import dev.quickhub.runtime.HubSpec;
import dev.quickhub.runtime.Servers;
import dev.quickhub.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The command line's memory: the options a hub was last brought up with (port, bind address, base),
 * kept per hub under the user's config folder so the next {@code up} reuses them, and the image
 * {@code push} last sent to a registry. A null field means "the default" (or "none").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HubSettings(
    Integer port,
    String bind,
    String base,
    List<String> shares,
    Double cpus,
    String memory,
    String userMemory,
    Long pids,
    Integer userPids,
    Integer cullIdleMinutes,
    TlsSettings tls,
    Servers servers,
    Double userCpus,
    String gpus,
    String pushedImage) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public HubSettings(Integer port, String bind, String base) {
    this(port, bind, base, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The options {@code up} gives; the last pushed image is remembered by {@code push} alone. */
  public HubSettings(
      Integer port,
      String bind,
      String base,
      List<String> shares,
      Double cpus,
      String memory,
      String userMemory,
      Long pids,
      Integer userPids,
      Integer cullIdleMinutes,
      TlsSettings tls,
      Servers servers,
      Double userCpus,
      String gpus) {
    this(
        port,
        bind,
        base,
        shares,
        cpus,
        memory,
        userMemory,
        pids,
        userPids,
        cullIdleMinutes,
        tls,
        servers,
        userCpus,
        gpus,
        null);
  }

  /**
   * These settings with {@code digestReference} ({@code REF@sha256:...}) as the hub's last pushed
   * image, which {@link #pushedImage()} gives back (null before the first push).
   */
  public HubSettings withPushedImage(String digestReference) {
    return overriddenBy(
        new HubSettings(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            digestReference));
  }

  public static HubSettings none() {
    return new HubSettings(null, null, null);
  }

  /** These settings with every field that {@code given} sets replaced by it. */
  public HubSettings overriddenBy(HubSettings given) {
    return new HubSettings(
        given.port != null ? given.port : port,
        given.bind != null ? given.bind : bind,
        given.base != null ? given.base : base,
        given.shares != null ? given.shares : shares,
        given.cpus != null ? given.cpus : cpus,
        given.memory != null ? given.memory : memory,
        given.userMemory != null ? given.userMemory : userMemory,
        given.pids != null ? given.pids : pids,
        given.userPids != null ? given.userPids : userPids,
        given.cullIdleMinutes != null ? given.cullIdleMinutes : cullIdleMinutes,
        tls == null ? given.tls : tls.overriddenBy(given.tls),
        given.servers != null ? given.servers : servers,
        given.userCpus != null ? given.userCpus : userCpus,
        given.gpus != null ? given.gpus : gpus,
        given.pushedImage != null ? given.pushedImage : pushedImage);
  }

  /**
   * Applies the shares and limits to a hub's run options; 0 (for shares: none) means none, so a
   * remembered limit can be taken back. Each user's process cap keeps its default until given.
   */
  public HubSpec.Builder applyTo(HubSpec.Builder spec) {
    if (shares != null) {
      shares.stream()
          .filter(share -> !share.equals("none"))
          .map(HostShare::parse)
          .forEach(spec::share);
    }
    if (userPids != null) {
      spec.userPids(userPids == 0 ? null : userPids);
    }
    if (servers != null) {
      spec.servers(servers);
    }
    return spec.cpus(cpus == null || cpus == 0 ? null : cpus)
        .userCpus(userCpus == null || userCpus == 0 ? null : userCpus)
        .gpus(gpus == null || gpus.equals("0") || gpus.equals("none") ? null : gpus)
        .memory(size("--memory", memory))
        .userMemory(size("--user-memory", userMemory))
        .pids(pids == null || pids == 0 ? null : pids)
        .cullIdle(
            cullIdleMinutes == null || cullIdleMinutes == 0
                ? null
                : Duration.ofMinutes(cullIdleMinutes));
  }

  private static Long size(String option, String value) {
    return value == null || value.equals("0") ? null : ByteSize.parse(option, value);
  }

  /** The settings of hub {@code name} in {@code dir}, or none when it has none yet. */
  public static HubSettings load(Path dir, String name) {
    Path file = file(dir, name);
    if (!Files.isRegularFile(file)) {
      return none();
    }
    try {
      return JSON.readValue(file.toFile(), HubSettings.class);
    } catch (IOException e) {
      throw new QuickHubException(
          "The remembered options of hub "
              + name
              + " in "
              + file
              + " are unreadable; delete that file and give"
              + " the options again.",
          e);
    }
  }

  public void save(Path dir, String name) {
    Path file = file(dir, name);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, name, ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new QuickHubException(
          "Cannot remember the options of hub " + name + " in " + file + ": " + e.getMessage(), e);
    }
  }

  public static void forget(Path dir, String name) {
    try {
      Files.deleteIfExists(file(dir, name));
    } catch (IOException e) {
      throw new QuickHubException("Cannot delete " + file(dir, name) + ": " + e.getMessage(), e);
    }
  }

  /** A line for status: what is set, and "defaults" for the rest. */
  public String describe() {
    return "port "
        + Optional.ofNullable(port).map(String::valueOf).orElse(HubSpec.DEFAULT_PORT + " (default)")
        + ", bind "
        + Optional.ofNullable(bind).orElse(HubSpec.DEFAULT_BIND + " (default)")
        + ", base "
        + Optional.ofNullable(base).orElse("Debian recipe (default)")
        + (shares == null || shares.isEmpty() ? "" : ", shares " + String.join(" ", shares))
        + (cpus == null ? "" : ", cpus " + cpus)
        + (memory == null ? "" : ", memory " + memory)
        + (userMemory == null ? "" : ", user memory " + userMemory)
        + (pids == null ? "" : ", pids " + pids)
        + (userPids == null ? "" : ", user pids " + userPids)
        + (userCpus == null ? "" : ", user cpus " + userCpus)
        + (gpus == null ? "" : ", gpus " + gpus)
        + ", servers "
        + (servers == null ? Servers.PROCESS.word() + " (default)" : servers.word())
        + (cullIdleMinutes == null
            ? ""
            : ", idle servers stopped after " + cullIdleMinutes + " min")
        + (tls == null ? "" : ", " + tls.describe())
        + (pushedImage == null ? "" : ", last pushed " + pushedImage);
  }

  private static Path file(Path dir, String name) {
    return dir.resolve(HubSpec.requireName(name) + ".json");
  }
}
