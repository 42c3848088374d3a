package dev.quickhub.volumes;

import dev.quickhub.QuickHubException;

/** A named volume of a hub, mounted at {@code path} in the container as {@code HUB_name}. */
public record HubVolume(String name, String path) {

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
  }

  /** The engine's name for this volume of hub {@code hub}. */
  public String volumeName(String hub) {
    return hub + "_" + name;
  }
}
