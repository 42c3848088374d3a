package dev.quickhub.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.quickhub.contract.ImageContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hub image's own layers, made from real files: what is under {@code image/} (but the base
 * recipe) goes to the contract's install root, {@code contract.json} included, the seed list under
 * {@code users/} to its {@code users} folder. Files keep their executable bit; times are Jib's
 * fixed ones, so the same files always give the same layers.
 */
public final class ImageLayers {

  public static final AbsoluteUnixPath APP =
      AbsoluteUnixPath.get(ImageContract.get().installRoot());
  private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
  private static final FilePermissions READABLE = FilePermissions.fromOctalString("644");

  private ImageLayers() {}

  public static List<FileEntriesLayer> of(ImageSources sources) throws IOException {
    return List.of(
        layer("quickhub files", sources.imageDir(), APP, sources.baseRecipeDir()),
        layer("seed accounts", sources.usersDir(), APP.resolve("users"), null));
  }

  static FileEntriesLayer layer(String name, Path from, AbsoluteUnixPath to, Path excluded)
      throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(file -> excluded == null || !file.startsWith(excluded))
              .filter(file -> !compiledPython(from.relativize(file)))
              .sorted()
              .toList();
    }
    for (Path file : files) {
      AbsoluteUnixPath target = to.resolve(from.relativize(file).toString().replace('\\', '/'));
      layer.addEntry(file, target, Files.isExecutable(file) ? EXECUTABLE : READABLE);
    }
    return layer.build();
  }

  /**
   * Python's bytecode cache, left by whoever ran the image's Python on this machine (its tests):
   * never part of the image, which would otherwise differ from one built from the jar.
   */
  private static boolean compiledPython(Path relative) {
    for (Path part : relative) {
      if (part.toString().equals("__pycache__")) {
        return true;
      }
    }
    return false;
  }
}
