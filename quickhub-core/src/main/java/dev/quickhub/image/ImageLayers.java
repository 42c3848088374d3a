package dev.quickhub.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.quickhub.contract.ImageContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hub image's own layers, made from real files: what is under {@code image/} (but the base
 * recipe) goes to the contract's install root, {@code contract.json} included, the seed list under
 * {@code users/} to its {@code users} folder; a hub folder's {@code config.d/*.py} to the
 * contract's {@code config_d} and its {@code jupyterlab/overrides.json} to where JupyterLab reads
 * it, each a layer of its own when there. Files keep their executable bit; times are Jib's fixed
 * ones, so the same files always give the same layers.
 */
public final class ImageLayers {

  public static final AbsoluteUnixPath APP =
      AbsoluteUnixPath.get(ImageContract.get().installRoot());
  private static final AbsoluteUnixPath CONFIG_D =
      AbsoluteUnixPath.get(ImageContract.get().installPath("config_d"));
  private static final AbsoluteUnixPath LAB_OVERRIDES =
      AbsoluteUnixPath.get(ImageContract.get().jupyterlabOverrides());
  private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
  private static final FilePermissions READABLE = FilePermissions.fromOctalString("644");

  private ImageLayers() {}

  public static List<FileEntriesLayer> of(ImageSources sources) throws IOException {
    List<FileEntriesLayer> layers = new ArrayList<>();
    layers.add(layer("quickhub files", sources.imageDir(), APP, sources.baseRecipeDir()));
    layers.add(layer("seed accounts", sources.usersDir(), APP.resolve("users"), null));
    if (Files.isDirectory(sources.configDir())) {
      layers.add(snippets(sources.configDir()));
    }
    if (Files.isRegularFile(sources.labOverrides())) {
      layers.add(
          FileEntriesLayer.builder()
              .setName("jupyterlab overrides")
              .addEntry(sources.labOverrides(), LAB_OVERRIDES, READABLE)
              .build());
    }
    return List.copyOf(layers);
  }

  /** The hub's configuration snippets: the {@code *.py} files of the folder, not its notes. */
  private static FileEntriesLayer snippets(Path dir) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("hub config snippets");
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file :
          list.filter(Files::isRegularFile)
              .filter(file -> file.getFileName().toString().endsWith(".py"))
              .sorted()
              .toList()) {
        layer.addEntry(file, CONFIG_D.resolve(file.getFileName().toString()), READABLE);
      }
    }
    return layer.build();
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
