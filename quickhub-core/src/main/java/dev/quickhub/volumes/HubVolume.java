package dev.quickhub.volumes;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.report.QuickHubException;
import java.util.Set;

/**
 * A named volume of a hub, mounted at {@code path} in the container as {@code HUB_name}. A shared
 * folder has an {@code access}: {@code read-only} (users read, the {@code writers} group writes;
 * default the hub admins) or {@code read-write} (every user writes, and only owners delete); it is
 * linked into every home as {@code ~/name}.
 */
public record HubVolume(
    String name, String path, String access, @JsonProperty("writers") String writers) {

  public static final String READ_ONLY = "read-only";
  public static final String READ_WRITE = "read-write";
  private static final Set<String> OWN = Set.of("home", "etc", "srv");

  public HubVolume {
    if (name == null || !name.matches("[a-z][a-z0-9_-]*")) {
      throw new QuickHubException(
          "Volume name '"
              + name
              + "' in volumes/hub.yaml must be lower-case letters, digits, '_' or '-'.");
    }
    if (path == null || !path.startsWith("/") || path.contains("..")) {
      throw new QuickHubException(
          "Volume '"
              + name
              + "' in volumes/hub.yaml needs an absolute container path, not '"
              + path
              + "'.");
    }
    if (access != null && !access.equals(READ_ONLY) && !access.equals(READ_WRITE)) {
      throw new QuickHubException(
          "Volume '"
              + name
              + "' in volumes/hub.yaml has access '"
              + access
              + "'; use read-only or read-write.");
    }
    if (access != null && OWN.contains(name)) {
      throw new QuickHubException(
          "Volume '" + name + "' in volumes/hub.yaml is the hub's own and cannot be shared.");
    }
    if (writers != null && !ImageContract.get().isUserName(writers)) {
      throw new QuickHubException(
          "Volume '"
              + name
              + "' in volumes/hub.yaml names the group '"
              + writers
              + "', which is"
              + " not a valid group name.");
    }
  }

  public HubVolume(String name, String path) {
    this(name, path, null, null);
  }

  /** The engine's name for this volume of hub {@code hub}. */
  public String volumeName(String hub) {
    return hub + "_" + name;
  }

  /** True for a shared folder, linked into every home. */
  public boolean isShare() {
    return access != null;
  }
}
