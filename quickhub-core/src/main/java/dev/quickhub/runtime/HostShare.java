package dev.quickhub.runtime;

import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;

/**
 * A folder of the engine's host shared into the hub ({@code HOSTDIR:NAME[:ro|rw]}): mounted at
 * {@code /srv/NAME} and linked into every home as {@code ~/NAME}. Read-only is enforced by the
 * mount, for everyone in the hub; read-write follows the folder's own permissions on the host.
 */
public record HostShare(String hostDir, String name, boolean readOnly) {

  public HostShare {
    if (hostDir == null || !hostDir.startsWith("/")) {
      throw new QuickHubException(
          Message.of(
              "{} needs an absolute folder of the engine's host, not '{}'.",
              Setting.SHARE,
              String.valueOf(hostDir)));
    }
    if (name == null || !name.matches("[a-z][a-z0-9_-]{0,31}")) {
      throw new QuickHubException(
          Message.of(
              "{} names its folder '{}'; use lower-case letters, digits, '_' or '-', starting with"
                  + " a letter.",
              Setting.SHARE,
              String.valueOf(name)));
    }
  }

  /** Parses {@code HOSTDIR:NAME[:ro|rw]}; read-only unless {@code rw}. */
  public static HostShare parse(String spec) {
    String[] parts = spec.split(":");
    if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].matches("ro|rw"))) {
      throw new QuickHubException(
          Message.of(
              "'{}' is not HOSTDIR:NAME[:ro|rw]; for example {} /data/course:data:ro.",
              spec,
              Setting.SHARE));
    }
    return new HostShare(parts[0], parts[1], parts.length < 3 || parts[2].equals("ro"));
  }

  /** Where the hub sees it. */
  public String path() {
    return "/srv/" + name;
  }

  @Override
  public String toString() {
    return hostDir + ":" + name + ":" + (readOnly ? "ro" : "rw");
  }
}
