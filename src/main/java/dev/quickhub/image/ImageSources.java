package dev.quickhub.image;

import dev.quickhub.report.QuickHubException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folders whose files go into the hub image: {@code image/} (hub config, entrypoint, helper
 * scripts; {@code image/base/} is the base recipe) and {@code users/} (the seed accounts).
 */
public final class ImageSources {

  private final Path root;

  private ImageSources(Path root) {
    this.root = root;
  }

  /** The sources in a quickhub checkout at {@code root}. */
  public static ImageSources at(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute.resolve("image"))
        || !Files.isDirectory(absolute.resolve("users"))) {
      throw new QuickHubException(
          "No image/ and users/ folders in "
              + absolute
              + ": run quickhub from its checkout, or set QUICKHUB_HOME to it.");
    }
    return new ImageSources(absolute);
  }

  /** QUICKHUB_HOME (set by the ./quickhub wrapper), or else the current folder. */
  public static ImageSources locate() {
    String home = System.getProperty("quickhub.home", System.getenv("QUICKHUB_HOME"));
    return at(Path.of(home == null || home.isBlank() ? "." : home));
  }

  public Path root() {
    return root;
  }

  public Path imageDir() {
    return root.resolve("image");
  }

  public Path usersDir() {
    return root.resolve("users");
  }

  public Path seedFile() {
    return usersDir().resolve("seed.csv");
  }

  public Path baseRecipeDir() {
    return imageDir().resolve("base");
  }

  public BaseRecipe baseRecipe() {
    return BaseRecipe.load(baseRecipeDir());
  }
}
