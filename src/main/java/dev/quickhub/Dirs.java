package dev.quickhub;

import java.nio.file.Path;

/** Where quickhub keeps what it caches on the user's machine. */
public final class Dirs {

  private Dirs() {}

  /** {@code $XDG_CACHE_HOME/quickhub}, or {@code ~/.cache/quickhub}. */
  public static Path cache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("quickhub");
  }
}
