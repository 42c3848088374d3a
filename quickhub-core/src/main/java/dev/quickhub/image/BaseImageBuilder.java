package dev.quickhub.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.DiskSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Builds the default base image from Debian packages with mmdebstrap and caches it, keyed by the
 * recipe hash, as a docker-archive under the user's cache folder. mmdebstrap runs on the host where
 * the host can (root, Debian), else in a builder container through the engine; both give the same
 * cache entry. Building takes minutes (it is bound by downloads), so it is done once and reused
 * until the recipe changes or a refresh is asked.
 */
public final class BaseImageBuilder {

  static final List<String> ENV =
      List.of(
          "PATH="
              + ImageContract.get().installPath("bin")
              + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "LANG=C.UTF-8");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path cacheDir;
  private final Supplier<DockerClient> engine;
  private final Optional<String> builderImage;
  private final BooleanSupplier hostWorks;
  private final Progress progress;

  /**
   * @param engine asked for only when the base is built in a container
   * @param builderImage the image to build in; given, the build runs in a container even where the
   *     host could run mmdebstrap itself
   */
  public BaseImageBuilder(
      Path cacheDir,
      Supplier<DockerClient> engine,
      Optional<String> builderImage,
      Progress progress) {
    this(cacheDir, engine, builderImage, HostMmdebstrap::works, progress);
  }

  /** {@code hostWorks}: whether this host can run mmdebstrap itself (root, Debian). */
  BaseImageBuilder(
      Path cacheDir,
      Supplier<DockerClient> engine,
      Optional<String> builderImage,
      BooleanSupplier hostWorks,
      Progress progress) {
    this.cacheDir = cacheDir;
    this.engine = engine;
    this.builderImage = builderImage;
    this.hostWorks = hostWorks;
    this.progress = progress;
  }

  /** The cached base for this recipe, built first when missing or when {@code refresh} is set. */
  public BaseImage baseFor(BaseRecipe recipe, boolean refresh) {
    Path dir = cacheDir.resolve("base").resolve(recipe.shortHash());
    Path archive = dir.resolve("base.tar");
    Path meta = dir.resolve("base.json");
    ExtraPackages extras = recipe.extraPackages();
    if (!extras.isEmpty()) {
      progress.say(
          "The base adds the Debian packages of "
              + extras.file().orElseThrow()
              + ": "
              + String.join(", ", extras.names()));
    }
    if (refresh || !Files.isRegularFile(archive) || !Files.isRegularFile(meta)) {
      build(recipe, builder(recipe), dir, archive, meta);
    }
    try {
      JsonNode info = JSON.readTree(meta.toFile());
      String imageId = info.path("imageId").asText();
      return BaseImage.cached(
          archive,
          "debian " + recipe.suite() + " recipe " + recipe.shortHash(),
          info.path("created").asText(),
          imageId,
          engineTag(recipe, imageId));
    } catch (IOException e) {
      throw new QuickHubException(
          Message.of(
              "The cached base's {} is unreadable; run {}.",
              meta,
              Call.of(Call.Command.REFRESH_BASE)),
          e);
    }
  }

  /** The host's mmdebstrap where it works and no builder image was asked for, else a container. */
  RootfsBuilder builder(BaseRecipe recipe) {
    if (builderImage.isEmpty() && hostWorks.getAsBoolean()) {
      return new HostMmdebstrap(progress);
    }
    DockerClient client = engine.get();
    return new ContainerMmdebstrap(
        client,
        new BuilderImage(client, builderImage.orElse(BuilderImage.defaultFor(recipe)), progress),
        progress);
  }

  /**
   * The engine's tag for a cached base: the recipe and the image, since two caches (two users, or a
   * host and a container build) may hold different builds of the same recipe.
   */
  static String engineTag(BaseRecipe recipe, String imageId) {
    String hex = imageId.substring(imageId.indexOf(':') + 1);
    return "quickhub-base:"
        + recipe.shortHash()
        + "-"
        + hex.substring(0, Math.min(12, hex.length()));
  }

  private void build(BaseRecipe recipe, RootfsBuilder builder, Path dir, Path archive, Path meta) {
    Path rootfs = dir.resolve("rootfs.tar");
    Path log = dir.resolve("mmdebstrap.log");
    Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(log);
      builder.build(recipe, rootfs, log);
      String imageId =
          DockerArchive.write(
              rootfs,
              archive,
              id -> engineTag(recipe, id),
              recipe.architecture(),
              ENV,
              builder.describe(recipe) + " (quickhub base recipe " + recipe.shortHash() + ")",
              created,
              progress);
      // Written beside, then moved: a build that stops half-way leaves the previous base whole.
      Path partialMeta = dir.resolve("base.json.partial");
      JSON.writeValue(
          partialMeta.toFile(),
          Map.of(
              "recipe", recipe.hash(),
              "suite", recipe.suite(),
              "created", created.toString(),
              "imageId", imageId,
              "builder", builder.describe(recipe)));
      Files.move(
          partialMeta, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new QuickHubException(
          Message.of(
              "{} while building the base image ({}): free some space and run {} again; nothing"
                  + " else was changed.",
              DiskSpace.isFull(e) ? "The disk is full" : "Writing failed (" + e.getMessage() + ")",
              DiskSpace.where(dir),
              Call.of(Call.Command.BUILD)),
          e);
    } finally {
      try {
        Files.deleteIfExists(rootfs);
      } catch (IOException ignored) {
        // Only a leftover temporary file; the next build overwrites it.
      }
    }
  }
}
