package dev.quickhub.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Which base the hub image is built on: the one the settings name (a tarball path, an image the
 * engine holds, or a registry reference), else the cached Debian base of the recipe.
 */
public final class BaseResolver {

  private final Supplier<DockerClient> engine;
  private final Progress progress;

  /**
   * {@code engine} is asked for only when a named base may be an image the engine holds, or when
   * the base is built in a container.
   */
  public BaseResolver(Supplier<DockerClient> engine, Progress progress) {
    this.engine = engine;
    this.progress = progress;
  }

  public BaseImage resolve(ImageSettings settings) {
    if (settings.base().isEmpty()) {
      return new BaseImageBuilder(settings.cacheDir(), engine, settings.builderImage(), progress)
          .baseFor(settings.sources().baseRecipe(), settings.refreshBase());
    }
    String base = settings.base().get();
    Path path = Path.of(base);
    if (Files.isRegularFile(path)) {
      return BaseImage.tarball(path.toAbsolutePath(), path.getFileName().toString(), null, null);
    }
    if (looksLikePath(base)) {
      throw new QuickHubException(
          "The base tarball "
              + path.toAbsolutePath().normalize()
              + " does not exist; give an existing docker-archive"
              + " (from 'docker save'), an image the engine holds, or a registry reference.");
    }
    try {
      engine.get().inspectImageCmd(base).exec();
      return BaseImage.engine(base);
    } catch (NotFoundException e) {
      return BaseImage.registry(base);
    }
  }

  /** A name that can only mean a file, never an image reference. */
  static boolean looksLikePath(String base) {
    return base.endsWith(".tar")
        || base.endsWith(".tar.gz")
        || base.startsWith(".")
        || base.startsWith("/");
  }
}
