package dev.quickhub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Facts about the machine the launcher runs on, for deciding whether it may install packages. */
public final class Host {

  private Host() {}

  /** True for root, the only user that may install Debian packages and start an engine. */
  public static boolean isRoot() {
    return effectiveUid() == 0;
  }

  /**
   * This process's effective uid, from the kernel (not a program: PATH may be anything); -1 when it
   * cannot be read.
   */
  public static int effectiveUid() {
    try (Stream<String> status = Files.lines(Path.of("/proc/self/status"))) {
      return status
          .filter(line -> line.startsWith("Uid:"))
          .map(line -> line.split("\\s+"))
          .filter(fields -> fields.length > 2)
          .mapToInt(fields -> Integer.parseInt(fields[2]))
          .findFirst()
          .orElse(-1);
    } catch (IOException | UncheckedIOException | NumberFormatException e) {
      return -1;
    }
  }

  /** True on Debian and its derivatives, where apt-get can install what is missing. */
  public static boolean isDebianLike() {
    return Files.exists(Path.of("/etc/debian_version")) && which("apt-get").isPresent();
  }

  /** The first executable of that name on PATH (and the sbin folders root has). */
  public static Optional<Path> which(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/local/sbin";
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
