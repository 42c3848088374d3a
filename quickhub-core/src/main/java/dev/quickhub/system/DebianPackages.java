package dev.quickhub.system;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Installs Debian packages with apt-get, for root on a Debian-like host only. */
public final class DebianPackages {

  private DebianPackages() {}

  /** True when this host lets the launcher install packages itself. */
  public static boolean canInstall() {
    return Host.isRoot() && Host.isDebianLike();
  }

  /**
   * Installs the packages (updating the package lists first), reporting progress lines to {@code
   * say}. The full apt output goes to a log whose tail is quoted when it fails.
   */
  public static void install(List<String> packages, Consumer<String> say) {
    Path log;
    try {
      log = Files.createTempFile("quickhub-apt-", ".log");
    } catch (IOException e) {
      throw new QuickHubException(
          "Cannot create a temporary file for apt-get's log: " + e.getMessage(), e);
    }
    say.accept("Installing Debian packages: " + String.join(" ", packages) + " (log: " + log + ")");
    List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
    install.addAll(packages);
    for (List<String> command : List.of(List.of("apt-get", "update", "-q"), install)) {
      int code;
      try {
        code = Commands.run(withNoninteractive(command), log, line -> {});
      } catch (IOException e) {
        throw new QuickHubException("Could not run " + command.get(0) + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QuickHubException(
            "Interrupted while installing " + String.join(" ", packages) + ".");
      }
      if (code != 0) {
        throw new QuickHubException(
            "'"
                + String.join(" ", command)
                + "' failed with exit code "
                + code
                + "; install "
                + String.join(" ", packages)
                + " by hand. Last lines of its log:\n"
                + Logs.tail(log, 15));
      }
    }
  }

  private static List<String> withNoninteractive(List<String> command) {
    List<String> full = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive"));
    full.addAll(command);
    return full;
  }
}
