package dev.quickhub.image;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A hub folder's own Debian packages, from its {@code packages.txt} (one name per line, {@code #}
 * comments and blank lines allowed), added to the base recipe: the admin's "sudo apt install" for
 * everyone, kept across rebuilds because the base is built with them.
 */
public final class ExtraPackages {

  /** The file's name in a hub folder, beside {@code users/}. */
  public static final String FILE = "packages.txt";

  private static final ExtraPackages NONE = new ExtraPackages(Optional.empty(), List.of());

  private final Optional<Path> file;
  private final List<String> names;

  private ExtraPackages(Optional<Path> file, List<String> names) {
    this.file = file;
    this.names = List.copyOf(names);
  }

  /** No extra packages. */
  public static ExtraPackages none() {
    return NONE;
  }

  /** The packages listed in {@code file}; none when it does not exist. */
  public static ExtraPackages read(Path file) {
    if (!Files.exists(file)) {
      return NONE;
    }
    if (!Files.isRegularFile(file)) {
      throw new QuickHubException(
          file + " is not a file; make it a list of Debian packages, one name per line.");
    }
    try {
      return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (MalformedInputException e) {
      throw new QuickHubException(
          file + " is not a UTF-8 text file; write one Debian package name per line.", e);
    } catch (IOException e) {
      throw new QuickHubException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The names in {@code lines} of {@code file}, sorted and without repeats: apt installs them all
   * at once, so order means nothing, and the same set always gives the same recipe hash.
   */
  static ExtraPackages parse(Path file, List<String> lines) {
    TreeSet<String> names = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String name = lines.get(i).replaceFirst("#.*", "").strip();
      if (name.isEmpty()) {
        continue;
      }
      if (!BaseRecipe.isPackageName(name)) {
        throw new QuickHubException(
            "Line "
                + (i + 1)
                + " of "
                + file
                + ", '"
                + name
                + "', is not a Debian package name (lower-case letters, digits, '+', '-' and '.',"
                + " starting with a letter or digit); write one name per line.");
      }
      names.add(name);
    }
    return names.isEmpty() ? NONE : new ExtraPackages(Optional.of(file), List.copyOf(names));
  }

  /** The file the names came from; empty when there are none. */
  public Optional<Path> file() {
    return file;
  }

  /** The package names, sorted. */
  public List<String> names() {
    return names;
  }

  public boolean isEmpty() {
    return names.isEmpty();
  }
}
