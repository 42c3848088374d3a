package dev.quickhub.e2e;

import dev.quickhub.image.ImageSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A copy of the checkout's image/, users/ and volumes/ that a test may break on purpose, and the
 * removal of a test's own folders.
 */
final class Sources {

  private Sources() {}

  static ImageSources copy(Path into) {
    for (String dir : new String[] {"image", "users", "volumes"}) {
      Path from = Path.of(dir);
      try (Stream<Path> walk = Files.walk(from)) {
        for (Path file : walk.toList()) {
          Path target = into.resolve(file.toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ImageSources.at(into);
  }

  /** Removes a folder a test made, with everything in it (links themselves, not their targets). */
  static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
