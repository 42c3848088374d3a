package dev.quickhub.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.VersionComponent;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which engine answers: Docker, or Podman through its Docker-compatible API, and its version.
 * Podman names itself only in the version report's components ("Podman Engine").
 *
 * @param name "Docker" or "Podman"
 * @param version as the engine reports it, for example 20.10.24+dfsg1 or 4.3.1
 */
public record EngineInfo(String name, String version) {

  private static final String PODMAN_COMPONENT = "Podman Engine";
  private static final String PODMAN = "Podman";

  /** Engines already asked, by client: each client asks its engine once. */
  private static final Map<DockerClient, EngineInfo> KNOWN =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The engine behind {@code docker}, from its version report (asked once per client). */
  public static EngineInfo of(DockerClient docker) {
    return KNOWN.computeIfAbsent(docker, client -> of(client.versionCmd().exec()));
  }

  static EngineInfo of(Version report) {
    List<VersionComponent> components =
        report.getComponents() == null ? List.of() : report.getComponents();
    for (VersionComponent component : components) {
      if (PODMAN_COMPONENT.equals(component.getName())) {
        return new EngineInfo(PODMAN, orUnknown(component.getVersion()));
      }
    }
    return new EngineInfo("Docker", orUnknown(report.getVersion()));
  }

  private static String orUnknown(String version) {
    return version == null || version.isBlank() ? "(version unknown)" : version;
  }

  public boolean podman() {
    return PODMAN.equals(name);
  }

  /** For example "Podman 4.3.1". */
  @Override
  public String toString() {
    return name + " " + version;
  }
}
