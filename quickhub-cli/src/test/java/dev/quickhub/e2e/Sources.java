package dev.quickhub.e2e;

import dev.quickhub.image.ImageSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A copy of the checkout's image/, users/ and volumes/ that a test may break on purpose. */
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
}
