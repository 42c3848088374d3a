package dev.quickhub.image;

import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Which hub folder gives a hub's sources, and which of them it gives. The folder is the first of:
 * the one asked for ({@link Setting#PROJECT}), QUICKHUB_HOME, the current folder when it holds
 * {@code users/} or {@code image/}; else there is none. Each group of files is the folder's when it
 * has it, else the built-in one: {@code image/}, {@code users/} (when it holds {@code seed.csv})
 * and {@code volumes/hub.yaml} apart, so a folder made by {@code init} (seed list and volumes only)
 * gets the built-in {@code image/}.
 */
final class SourcesResolver {

  private SourcesResolver() {}

  /**
   * @param project the folder asked for, or null
   * @param home QUICKHUB_HOME, or null or blank when not set
   * @param current the current folder
   * @param builtins the built-in sources' folder, asked for only when a group is missing
   */
  static ImageSources resolve(Path project, String home, Path current, Supplier<Path> builtins) {
    Path folder = folder(project, home, current);
    if (folder == null) {
      return ImageSources.at(builtins.get());
    }
    Path root = folder.toAbsolutePath().normalize();
    Path image = root.resolve("image");
    Path users = root.resolve("users");
    Path volumes = root.resolve("volumes").resolve("hub.yaml");
    boolean hasImage = Files.isDirectory(image);
    boolean hasUsers = Files.isRegularFile(users.resolve("seed.csv"));
    boolean hasVolumes = Files.isRegularFile(volumes);
    if (hasImage && hasUsers && hasVolumes) {
      return new ImageSources(root, image, users, volumes);
    }
    Path builtin = builtins.get();
    return new ImageSources(
        root,
        hasImage ? image : builtin.resolve("image"),
        hasUsers ? users : builtin.resolve("users"),
        hasVolumes ? volumes : builtin.resolve("volumes").resolve("hub.yaml"));
  }

  private static Path folder(Path project, String home, Path current) {
    if (project != null) {
      if (!Files.isDirectory(project)) {
        throw new QuickHubException(
            Message.of(
                "The hub folder {} given by {} is not a folder; give one that exists (an empty one"
                    + " takes every source from the built-ins).",
                project.toAbsolutePath().normalize().toString(),
                Setting.PROJECT));
      }
      return project;
    }
    if (home != null && !home.isBlank()) {
      Path path = Path.of(home);
      if (!Files.isDirectory(path)) {
        throw new QuickHubException(
            "QUICKHUB_HOME is "
                + home
                + ", which is not a folder; unset it or point it at a hub folder.");
      }
      return path;
    }
    if (Files.isDirectory(current.resolve("users"))
        || Files.isDirectory(current.resolve("image"))) {
      return current;
    }
    return null;
  }
}
