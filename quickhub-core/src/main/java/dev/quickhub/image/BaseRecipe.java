package dev.quickhub.image;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The recipe of the default base image, read from {@code image/base/}: Debian suite, variant,
 * architecture, package list and a customize hook, plus a hub folder's own {@link ExtraPackages}.
 * Its hash covers every file in the folder and the extra packages, so any edit gives a new cached
 * base; without extra packages it is the folder's hash alone.
 */
public final class BaseRecipe {

  static final String PROPERTIES = "recipe.properties";
  static final String PACKAGES = "packages.txt";
  static final String CUSTOMIZE = "customize.sh";
  static final String DPKG_OPTIONS = "dpkg.cfg";

  private final Path directory;
  private final String suite;
  private final String variant;
  private final String architecture;
  private final List<String> packages;
  private final List<String> dpkgOptions;
  private final ExtraPackages extras;
  private final String folderHash;
  private final String hash;

  private BaseRecipe(
      Path directory,
      String suite,
      String variant,
      String architecture,
      List<String> packages,
      List<String> dpkgOptions,
      ExtraPackages extras,
      String folderHash) {
    this.directory = directory;
    this.suite = suite;
    this.variant = variant;
    this.architecture = architecture;
    this.packages = List.copyOf(packages);
    this.dpkgOptions = List.copyOf(dpkgOptions);
    this.extras = extras;
    this.folderHash = folderHash;
    this.hash = extras.isEmpty() ? folderHash : hashWith(folderHash, extras);
  }

  /** Reads and checks the recipe in {@code directory}. */
  public static BaseRecipe load(Path directory) {
    refuseLinks(directory);
    Path propertiesFile = directory.resolve(PROPERTIES);
    Path packagesFile = directory.resolve(PACKAGES);
    if (!Files.isRegularFile(propertiesFile) || !Files.isRegularFile(packagesFile)) {
      throw new QuickHubException(
          "The base recipe in " + directory + " needs " + PROPERTIES + " and " + PACKAGES + ".");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
      properties.load(reader);
      List<String> packages =
          parsePackages(Files.readAllLines(packagesFile, StandardCharsets.UTF_8));
      return new BaseRecipe(
          directory,
          required(properties, "suite"),
          properties.getProperty("variant", "apt").strip(),
          properties.getProperty("architecture", "amd64").strip(),
          packages,
          dpkgOptions(directory.resolve(DPKG_OPTIONS)),
          ExtraPackages.none(),
          hashOf(directory));
    } catch (IOException e) {
      throw new QuickHubException(
          "Cannot read the base recipe in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** This recipe with {@code extras} installed too (in place of any given before). */
  public BaseRecipe with(ExtraPackages extras) {
    return new BaseRecipe(
        directory, suite, variant, architecture, packages, dpkgOptions, extras, folderHash);
  }

  /** The folder's hash and the names: the same list always gives the same base. */
  private static String hashWith(String folderHash, ExtraPackages extras) {
    MessageDigest digest = sha256();
    digest.update(folderHash.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(String.join("\n", extras.names()).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * A recipe is plain files: a link would let the hash, the files read and the files sent to a
   * builder disagree (and, as root, bring in a file of someone else's).
   */
  private static void refuseLinks(Path directory) {
    try (Stream<Path> walk = Files.walk(directory.toRealPath())) {
      Optional<Path> link = walk.filter(Files::isSymbolicLink).findFirst();
      if (link.isPresent()) {
        throw new QuickHubException(
            "The base recipe in "
                + directory
                + " holds a link, "
                + link.get().getFileName()
                + ": put the file itself there.");
      }
    } catch (IOException | UncheckedIOException e) {
      throw new QuickHubException(
          "Cannot read the base recipe in " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Package names from a list with one per line; blank lines and {@code #} comments are ignored.
   */
  static List<String> parsePackages(List<String> lines) {
    List<String> packages = new ArrayList<>();
    for (String line : lines) {
      String name = line.replaceFirst("#.*", "").strip();
      if (name.isEmpty()) {
        continue;
      }
      if (!isPackageName(name)) {
        throw new QuickHubException(
            "'"
                + name
                + "' in "
                + PACKAGES
                + " is not a Debian package name; write one name per line.");
      }
      packages.add(name);
    }
    if (packages.isEmpty()) {
      throw new QuickHubException(
          PACKAGES + " lists no packages; the hub needs at least jupyterhub.");
    }
    return packages;
  }

  /** Debian's rule for package names; it also keeps a name from reading as an option. */
  static boolean isPackageName(String name) {
    return name.matches("[a-z0-9][a-z0-9+.-]+");
  }

  /** The options of a dpkg.cfg file (none when it is missing); blank lines and comments skipped. */
  static List<String> dpkgOptions(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /** SHA-256 over every file's relative path and content, in name order. */
  static String hashOf(Path directory) throws IOException {
    MessageDigest digest = sha256();
    for (Path file : filesIn(directory)) {
      digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(Files.readAllBytes(directory.resolve(file)));
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String required(Properties properties, String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new QuickHubException("The base recipe's " + PROPERTIES + " must set '" + key + "'.");
    }
    return value.strip();
  }

  /**
   * The mmdebstrap command that writes this recipe's root file system as a tar to {@code output},
   * with the recipe's files at {@code recipeDir}: on the host, its own folder; in a builder
   * container, the folder they were copied to.
   */
  public List<String> mmdebstrapCommand(String output, String recipeDir) {
    List<String> command = new ArrayList<>();
    command.add("mmdebstrap");
    command.add("--variant=" + variant);
    command.add("--architectures=" + architecture);
    command.add("--format=tar");
    command.add("--include=" + String.join(",", packages()));
    dpkgOptions.forEach(option -> command.add("--dpkgopt=" + option));
    if (Files.isRegularFile(directory.resolve(CUSTOMIZE))) {
      // mmdebstrap runs the hook through sh with the root directory as $1.
      String hook = recipeDir + "/" + CUSTOMIZE;
      command.add("--customize-hook=sh '" + hook.replace("'", "'\\''") + "' \"$1\"");
    }
    command.add(suite);
    command.add(output);
    return command;
  }

  /**
   * The files of the recipe, relative to its folder, in name order: regular files only, so a link
   * never brings a file from elsewhere into the hash or the builder.
   */
  public List<Path> files() throws IOException {
    return filesIn(directory);
  }

  private static List<Path> filesIn(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .map(directory::relativize)
          .toList();
    }
  }

  public Path directory() {
    return directory;
  }

  public String suite() {
    return suite;
  }

  public String architecture() {
    return architecture;
  }

  /** Every package the base installs: the recipe's, then the extra ones it does not list. */
  public List<String> packages() {
    LinkedHashSet<String> all = new LinkedHashSet<>(packages);
    all.addAll(extras.names());
    return List.copyOf(all);
  }

  public ExtraPackages extraPackages() {
    return extras;
  }

  /** Where a failed build's cause is to be fixed: the extra packages' list, or the recipe. */
  public String whereToFix() {
    return extras
        .file()
        .map(file -> file + " or the recipe in " + directory)
        .orElse("the recipe in " + directory);
  }

  /** The full hex hash of the recipe. */
  public String hash() {
    return hash;
  }

  /** The first 12 hex digits, for tags, folder names and labels. */
  public String shortHash() {
    return hash.substring(0, 12);
  }
}
