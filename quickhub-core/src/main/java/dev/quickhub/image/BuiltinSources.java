package dev.quickhub.image;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sources packed into the launcher ({@code image/}, {@code users/seed.csv}, {@code
 * volumes/hub.yaml}), unpacked once into a folder under the cache named by their content: Jib and
 * the base recipe read real files. A file is executable when it starts with {@code #!}, the rule
 * the checkout keeps (a jar holds no file modes), so the image from the jar is the checkout's.
 */
final class BuiltinSources {

  /** Where the build puts the sources among the launcher's resources. */
  static final String PREFIX = "dev/quickhub/sources";

  private static final String MARKER = PREFIX + "/volumes/hub.yaml";

  private BuiltinSources() {}

  /** The built-in sources' folder under {@code cacheDir}, unpacked when not there yet. */
  static Path unpack(Path cacheDir) {
    URL marker = BuiltinSources.class.getClassLoader().getResource(MARKER);
    if (marker == null) {
      throw new QuickHubException(
          "This quickhub has no built-in image sources; give a hub folder or a quickhub checkout.");
    }
    try {
      URI uri = marker.toURI();
      if (!uri.getScheme().equals("jar")) {
        return unpack(Path.of(uri).getParent().getParent(), cacheDir);
      }
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return unpack(jar.getPath("/" + PREFIX), cacheDir);
      } catch (FileSystemAlreadyExistsException e) {
        return unpack(FileSystems.getFileSystem(uri).getPath("/" + PREFIX), cacheDir);
      }
    } catch (URISyntaxException | IOException | UncheckedIOException e) {
      throw new QuickHubException(
          "Cannot unpack the built-in image sources into " + cacheDir + ": " + e.getMessage(), e);
    }
  }

  /** Copies the files under {@code from} into a folder named by their content, once. */
  static Path unpack(Path from, Path cacheDir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files =
          walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
    }
    MessageDigest digest = BaseRecipe.sha256();
    for (Path file : files) {
      digest.update(relative(from, file).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(Files.readAllBytes(file));
      digest.update((byte) 0);
    }
    Path parent = cacheDir.resolve("sources");
    Path target = parent.resolve(HexFormat.of().formatHex(digest.digest()).substring(0, 32));
    if (Files.isDirectory(target)) {
      return target;
    }
    Files.createDirectories(parent);
    // Unpacked aside and moved in whole: a folder under its final name is always complete.
    Path partial = Files.createTempDirectory(parent, ".unpacking-");
    try {
      for (Path file : files) {
        Path copy = partial.resolve(relative(from, file));
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
        Files.setPosixFilePermissions(
            copy, PosixFilePermissions.fromString(executable(copy) ? "rwxr-xr-x" : "rw-r--r--"));
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      // Another launcher unpacked the same sources meanwhile: theirs serve.
    } finally {
      delete(partial);
    }
    return target;
  }

  private static String relative(Path from, Path file) {
    return from.relativize(file).toString();
  }

  private static boolean executable(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] start = in.readNBytes(2);
      return start.length == 2 && start[0] == '#' && start[1] == '!';
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
