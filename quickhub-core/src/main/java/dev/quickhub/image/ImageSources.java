package dev.quickhub.image;

import dev.quickhub.report.QuickHubException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a hub image is made of: {@code image/} (hub config, entrypoint, helper scripts; {@code
 * image/base/} is the base recipe), {@code users/} (the seed accounts) and {@code volumes/hub.yaml}
 * (the volumes the hub runs on). Each comes from a hub folder or from the launcher's built-in copy;
 * {@link SourcesResolver} decides which. A hub folder may also hold {@code config.d/} and {@code
 * jupyterlab/overrides.json}, its own changes to the hub; the built-ins have neither.
 */
public final class ImageSources {

  private final Path root;
  private final Path imageDir;
  private final Path usersDir;
  private final Path volumesFile;

  ImageSources(Path root, Path imageDir, Path usersDir, Path volumesFile) {
    this.root = root;
    this.imageDir = imageDir;
    this.usersDir = usersDir;
    this.volumesFile = volumesFile;
  }

  /** The sources in a folder that holds all of them, such as a quickhub checkout. */
  public static ImageSources at(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute.resolve("image"))
        || !Files.isDirectory(absolute.resolve("users"))) {
      throw new QuickHubException(
          "No image/ and users/ folders in "
              + absolute
              + ": give a folder that holds both, such as a quickhub checkout.");
    }
    return new ImageSources(
        absolute,
        absolute.resolve("image"),
        absolute.resolve("users"),
        absolute.resolve("volumes").resolve("hub.yaml"));
  }

  /**
   * The sources of the hub folder {@code project} (null: none given), else of QUICKHUB_HOME, else
   * of the current folder when it holds {@code users/} or {@code image/}; what the folder lacks, or
   * all without one, comes from the built-ins, unpacked under {@code cacheDir} when needed.
   */
  public static ImageSources locate(Path project, Path cacheDir) {
    String home = System.getProperty("quickhub.home", System.getenv("QUICKHUB_HOME"));
    return SourcesResolver.resolve(
        project, home, Path.of(""), () -> BuiltinSources.unpack(cacheDir));
  }

  /** The launcher's built-in sources alone, unpacked under {@code cacheDir}. */
  public static ImageSources builtIn(Path cacheDir) {
    return at(BuiltinSources.unpack(cacheDir));
  }

  /** The hub folder the sources come from, or the built-ins' folder when there is none. */
  public Path root() {
    return root;
  }

  public Path imageDir() {
    return imageDir;
  }

  public Path usersDir() {
    return usersDir;
  }

  public Path seedFile() {
    return usersDir.resolve("seed.csv");
  }

  public Path volumesFile() {
    return volumesFile;
  }

  /** The hub's own JupyterHub configuration snippets ({@code *.py}), loaded after quickhub's. */
  public Path configDir() {
    return root.resolve("config.d");
  }

  /** The JupyterLab settings defaults of every user of the hub. */
  public Path labOverrides() {
    return root.resolve("jupyterlab").resolve("overrides.json");
  }

  public Path baseRecipeDir() {
    return imageDir.resolve("base");
  }

  /** The hub folder's own Debian packages for the base, beside {@code users/}. */
  public Path extraPackagesFile() {
    return root.resolve(ExtraPackages.FILE);
  }

  /** The base recipe with the hub folder's extra packages. */
  public BaseRecipe baseRecipe() {
    return BaseRecipe.load(baseRecipeDir()).with(ExtraPackages.read(extraPackagesFile()));
  }
}
