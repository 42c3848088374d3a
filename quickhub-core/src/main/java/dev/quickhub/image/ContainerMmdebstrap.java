package dev.quickhub.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * mmdebstrap run inside a builder container through the engine API, for hosts without mmdebstrap or
 * root: the builder (a Debian image) installs mmdebstrap from its own mirror and runs the very
 * command the host would, so the base gets the same packages, excludes, hook and pruning. Nothing
 * of the host is mounted: the recipe goes in and the root file system comes out through the
 * engine's archive API, so a remote engine or Podman works as well. The builder runs with the
 * engine's default privileges (mmdebstrap then skips mounting /proc and /sys, which the recipe does
 * not need).
 */
final class ContainerMmdebstrap implements RootfsBuilder {

  static final String RECIPE_DIR = "/quickhub-recipe";
  static final String OUTPUT = "/quickhub-rootfs.tar";

  /** Marks builder containers (value: the recipe's short hash), so a leftover can be found. */
  static final String BUILDER_LABEL = "quickhub.base-builder";

  // Two more "I:" lines than mmdebstrap's own: getting mmdebstrap, and the copy out.
  private static final String SCRIPT =
      "set -e; export DEBIAN_FRONTEND=noninteractive;"
          + " echo 'I: installing mmdebstrap in the builder';"
          + " apt-get update -q; apt-get install -y -q --no-install-recommends mmdebstrap;"
          + " exec \"$@\"";

  private final DockerClient engine;
  private final BuilderImage image;
  private final Progress progress;

  ContainerMmdebstrap(DockerClient engine, BuilderImage image, Progress progress) {
    this.engine = engine;
    this.image = image;
    this.progress = progress;
  }

  @Override
  public String describe(BaseRecipe recipe) {
    return "mmdebstrap " + recipe.suite() + " in " + image.reference();
  }

  @Override
  public void build(BaseRecipe recipe, Path rootfs, Path log) throws IOException {
    image.ensurePulled();
    progress.say(
        "Building the base image from Debian "
            + recipe.suite()
            + " packages with mmdebstrap in a builder container from "
            + image.reference()
            + " (a few minutes; log: "
            + log
            + ")");
    String name = "quickhub-base-" + recipe.shortHash() + "-" + nonce();
    String id;
    try {
      id =
          engine
              .createContainerCmd(image.reference())
              .withName(name)
              .withLabels(Map.of(BUILDER_LABEL, recipe.shortHash()))
              .withEntrypoint("sh", "-c", SCRIPT, "quickhub-base-build")
              .withCmd(recipe.mmdebstrapCommand(OUTPUT, RECIPE_DIR))
              .withHostConfig(HostConfig.newHostConfig())
              .exec()
              .getId();
    } catch (DockerException e) {
      throw new QuickHubException(
          Message.of(
              "The engine refused to create the builder container from {} ({}); check the image"
                  + " or give another with {}.",
              image.reference(),
              String.valueOf(e.getMessage()).strip(),
              Setting.BUILDER_IMAGE),
          e);
    }
    Thread cleanup = new Thread(() -> remove(id));
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      engine
          .copyArchiveToContainerCmd(id)
          .withRemotePath("/")
          .withTarInputStream(recipeArchive(recipe))
          .exec();
      int code = run(id, log);
      if (code != 0) {
        throw MmdebstrapFailure.of(
            "Building the base image in a builder container from " + image.reference(),
            code,
            recipe,
            log,
            Message.of(", or check that the engine's containers reach a Debian mirror"));
      }
      copyOut(id, rootfs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while building the base image.");
    } finally {
      remove(id);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway; removing twice is harmless.
      }
    }
  }

  /** Starts the builder, writes its output to {@code log} as it comes and returns its exit code. */
  private int run(String id, Path log) throws IOException, InterruptedException {
    try (Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Progress.Task task =
            progress.start(
                "Base image (mmdebstrap in " + image.reference() + ")",
                MmdebstrapSteps.EXPECTED + 2)) {
      Lines lines = new Lines(out, new MmdebstrapSteps(task, MmdebstrapSteps.EXPECTED + 2));
      engine.startContainerCmd(id).exec();
      engine
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withFollowStream(true)
          .exec(lines)
          .awaitCompletion();
      lines.flush();
      if (lines.failure != null) {
        throw new IOException("writing " + log + ": " + lines.failure.getMessage(), lines.failure);
      }
      return engine.waitContainerCmd(id).start().awaitStatusCode();
    }
  }

  private void copyOut(String id, Path rootfs) throws IOException {
    Path partial = rootfs.resolveSibling(rootfs.getFileName() + ".partial");
    try (InputStream stream = engine.copyArchiveFromContainerCmd(id, OUTPUT).exec();
        TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
      TarArchiveEntry entry = tar.getNextEntry();
      if (!isTheRootfs(entry)) {
        throw new IOException("the builder left no file " + OUTPUT);
      }
      try (Progress.Task task =
          progress.start("Copying the root file system from the builder", entry.getSize())) {
        long done;
        try (var out = Files.newOutputStream(partial)) {
          done = DockerArchive.copy(tar, out, task);
        }
        if (done != entry.getSize()) {
          throw new IOException("the builder's " + OUTPUT + " came out cut short");
        }
      }
      Files.move(partial, rootfs, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * Whether the archive API's first entry is the root file system itself: a plain file of that name
   * with content, not a link (which commons-compress also calls a file) or a folder.
   */
  static boolean isTheRootfs(TarArchiveEntry entry) {
    return entry != null
        && (entry.getLinkFlag() == TarConstants.LF_NORMAL
            || entry.getLinkFlag() == TarConstants.LF_OLDNORM)
        && entry.getName().equals(OUTPUT.substring(1))
        && entry.getSize() > 0;
  }

  /** The recipe's files under {@link #RECIPE_DIR}, as a tar for the archive API. */
  static InputStream recipeArchive(BaseRecipe recipe) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry dir = new TarArchiveEntry(RECIPE_DIR.substring(1) + "/");
      dir.setMode(040755);
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      for (Path file : recipe.files()) {
        byte[] content = Files.readAllBytes(recipe.directory().resolve(file));
        TarArchiveEntry entry =
            new TarArchiveEntry(RECIPE_DIR.substring(1) + "/" + file.toString().replace('\\', '/'));
        entry.setMode(0100644);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }

  private void remove(String id) {
    try {
      engine.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException gone) {
      // Already removed.
    } catch (RuntimeException e) {
      progress.say("Could not remove the builder container " + id + ": " + e.getMessage());
    }
  }

  private static String nonce() {
    byte[] bytes = new byte[4];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The builder's output split into lines, each written to the log and handed on. */
  private static final class Lines extends ResultCallback.Adapter<Frame> {
    private final Writer log;
    private final Consumer<String> steps;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private IOException failure;

    Lines(Writer log, Consumer<String> steps) {
      this.log = log;
      this.steps = steps;
    }

    @Override
    public synchronized void onNext(Frame frame) {
      // Bytes until the line ends: a frame may end inside a UTF-8 character.
      for (byte b : frame.getPayload()) {
        if (b == '\n' || b == '\r') {
          flush();
        } else {
          line.write(b);
        }
      }
    }

    synchronized void flush() {
      if (line.size() == 0) {
        return;
      }
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      steps.accept(text);
      try {
        log.write(text);
        log.write('\n');
      } catch (IOException e) {
        failure = e;
      }
    }
  }
}
