package dev.quickhub.system;

import java.nio.file.Path;

/** Where quickhub keeps what it caches on the user's machine. */
public final class Dirs {

  private Dirs() {}

  /** {@code $XDG_CACHE_HOME/quickhub}, or {@code ~/.cache/quickhub}: what can be made again. */
  public static Path cache() {
    return xdg("XDG_CACHE_HOME", ".cache");
  }

  /**
   * {@code $XDG_CONFIG_HOME/quickhub/hubs}, or {@code ~/.config/quickhub/hubs}: remembered options.
   */
  public static Path hubSettings() {
    return xdg("XDG_CONFIG_HOME", ".config").resolve("hubs");
  }

  /**
   * The SSH folder (known_hosts, keys): {@code ~/.ssh}, or the system property quickhub.ssh.dir.
   */
  public static Path ssh() {
    String dir = System.getProperty("quickhub.ssh.dir");
    return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".ssh");
  }

  private static Path xdg(String variable, String fallback) {
    String xdg = System.getenv(variable);
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), fallback);
    return base.resolve("quickhub");
  }
}
