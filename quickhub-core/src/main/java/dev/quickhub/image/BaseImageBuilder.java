package dev.quickhub.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.system.Commands;
import dev.quickhub.system.DebianPackages;
import dev.quickhub.system.DiskSpace;
import dev.quickhub.system.Host;
import dev.quickhub.system.Logs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the default base image from Debian packages with mmdebstrap and caches it, keyed by the
 * recipe hash, as a docker-archive under the user's cache folder. Building takes minutes (it is
 * bound by downloads), so it is done once and reused until the recipe changes or a refresh is
 * asked.
 */
public final class BaseImageBuilder {

  static final List<String> ENV =
      List.of(
          "PATH="
              + ImageContract.get().installPath("bin")
              + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "LANG=C.UTF-8");

  /** mmdebstrap prints about this many "I:" lines on a successful run. */
  private static final int EXPECTED_STEPS = 12;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path cacheDir;
  private final Progress progress;

  public BaseImageBuilder(Path cacheDir, Progress progress) {
    this.cacheDir = cacheDir;
    this.progress = progress;
  }

  /** The cached base for this recipe, built first when missing or when {@code refresh} is set. */
  public BaseImage baseFor(BaseRecipe recipe, boolean refresh) {
    Path dir = cacheDir.resolve("base").resolve(recipe.shortHash());
    Path archive = dir.resolve("base.tar");
    Path meta = dir.resolve("base.json");
    if (refresh || !Files.isRegularFile(archive) || !Files.isRegularFile(meta)) {
      build(recipe, dir, archive, meta);
    }
    try {
      JsonNode info = JSON.readTree(meta.toFile());
      return BaseImage.cached(
          archive,
          "debian " + recipe.suite() + " recipe " + recipe.shortHash(),
          info.path("created").asText(),
          info.path("imageId").asText(),
          engineTag(recipe));
    } catch (IOException e) {
      throw new QuickHubException(
          Message.of(
              "The cached base's {} is unreadable; run {}.",
              meta,
              Call.of(Call.Command.REFRESH_BASE)),
          e);
    }
  }

  private static String engineTag(BaseRecipe recipe) {
    return "quickhub-base:" + recipe.shortHash();
  }

  private void build(BaseRecipe recipe, Path dir, Path archive, Path meta) {
    ensureMmdebstrap();
    Path rootfs = dir.resolve("rootfs.tar");
    Path log = dir.resolve("mmdebstrap.log");
    Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(log);
      progress.say(
          "Building the base image from Debian "
              + recipe.suite()
              + " packages with mmdebstrap"
              + " (a few minutes; log: "
              + log
              + ")");
      runMmdebstrap(recipe, rootfs, log);
      String imageId =
          DockerArchive.write(
              rootfs,
              archive,
              engineTag(recipe),
              recipe.architecture(),
              ENV,
              "mmdebstrap " + recipe.suite() + " (quickhub base recipe " + recipe.shortHash() + ")",
              created,
              progress);
      JSON.writeValue(
          meta.toFile(),
          Map.of(
              "recipe", recipe.hash(),
              "suite", recipe.suite(),
              "created", created.toString(),
              "imageId", imageId));
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

  private void runMmdebstrap(BaseRecipe recipe, Path rootfs, Path log) throws IOException {
    AtomicInteger steps = new AtomicInteger();
    int code;
    try (Progress.Task task =
        progress.start("Base image (mmdebstrap " + recipe.suite() + ")", EXPECTED_STEPS)) {
      code =
          Commands.run(
              recipe.mmdebstrapCommand(rootfs),
              log,
              line -> {
                if (line.startsWith("I: ")) {
                  task.stepTo(Math.min(EXPECTED_STEPS, steps.incrementAndGet()));
                  task.message(line.substring(3));
                }
              });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while building the base image.");
    }
    if (code != 0) {
      throw new QuickHubException(
          Message.of(
              "Building the base image with mmdebstrap failed (exit code {}); fix the recipe in {}"
                  + " or use {} with an existing image. Last lines of {}:\n{}",
              code,
              recipe.directory(),
              Setting.BASE,
              log,
              Logs.tail(log, 15)));
    }
  }

  private void ensureMmdebstrap() {
    if (Host.which("mmdebstrap").isPresent()) {
      return;
    }
    if (!DebianPackages.canInstall()) {
      throw new QuickHubException(
          Message.of(
              "mmdebstrap is not installed, and only root on Debian can install it here: install"
                  + " mmdebstrap, or build on an existing image with {} REF (registry reference,"
                  + " engine image or tarball).",
              Setting.BASE));
    }
    progress.say("mmdebstrap is missing: installing Debian's mmdebstrap package.");
    DebianPackages.install(List.of("mmdebstrap"), progress::say);
  }
}
