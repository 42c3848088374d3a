package dev.quickhub.runtime;

import dev.quickhub.report.QuickHubException;

/**
 * A folder of the engine's host shared into the hub ({@code --share HOSTDIR:NAME[:ro|rw]}): mounted
 * at {@code /srv/NAME} and linked into every home as {@code ~/NAME}. Read-only is enforced by the
 * mount, for everyone in the hub; read-write follows the folder's own permissions on the host.
 */
public record HostShare(String hostDir, String name, boolean readOnly) {

  public HostShare {
    if (hostDir == null || !hostDir.startsWith("/")) {
      throw new QuickHubException(
          "--share needs an absolute folder of the engine's host, not '" + hostDir + "'.");
    }
    if (name == null || !name.matches("[a-z][a-z0-9_-]{0,31}")) {
      throw new QuickHubException(
          "--share names its folder '"
              + name
              + "'; use lower-case letters, digits, '_' or '-', starting with a letter.");
    }
  }

  /** Parses {@code HOSTDIR:NAME[:ro|rw]}; read-only unless {@code rw}. */
  public static HostShare parse(String spec) {
    String[] parts = spec.split(":");
    if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].matches("ro|rw"))) {
      throw new QuickHubException(
          "'" + spec + "' is not HOSTDIR:NAME[:ro|rw]; for example --share /data/course:data:ro.");
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
