package dev.quickhub.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryException;
import dev.quickhub.engine.EngineDockerClient;
import dev.quickhub.engine.Labels;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.system.DiskSpace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the hub image with jib-core: the base, then layers from {@code image/} and {@code users/},
 * the entrypoint, the hub port and labels, straight into the engine. No Dockerfile, no docker CLI.
 */
public final class HubImageBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(HubImageBuilder.class);

  private final EngineDockerClient engine;
  private final Path cacheDir;
  private final Progress progress;

  public HubImageBuilder(EngineDockerClient engine, Path cacheDir, Progress progress) {
    this.engine = engine;
    this.cacheDir = cacheDir;
    this.progress = progress;
  }

  /** Builds {@code tag} from {@code base} and {@code sources}; the same inputs give the same id. */
  public HubImage build(ImageSources sources, BaseImage base, String tag) {
    try {
      // The cached base's first build on this engine: the engine unpacks the base (most of the
      // time) while Jib builds on the same archive; Jib's own progress is not shown meanwhile.
      boolean meanwhile =
          base.engineTag().isPresent() && !engine.holds(base.imageId().orElseThrow());
      Progress jibProgress = meanwhile ? Progress.silent() : progress;
      if (meanwhile) {
        engine.preloadMeanwhile(
            base.tarball().orElseThrow(), base.imageId(), base.engineTag(), progress);
      } else if (base.source() == BaseImage.Source.TARBALL) {
        engine.preload(base.tarball().orElseThrow(), base.imageId(), base.engineTag(), progress);
      }
      HubImageDescription description = HubImageDescription.of(sources, base);
      if (description.inputs().isPresent()) {
        Optional<String> same =
            engine.imageLabelled(tag, Labels.INPUTS, description.inputs().get());
        if (same.isPresent()) {
          LOG.info("{} is up to date ({} {})", tag, Labels.INPUTS, description.inputs().get());
          return hubImage(tag, same.get(), base);
        }
      }
      JibContainer built =
          HubImageDescription.containerize(
              description.on(
                  JibBase.of(base, () -> engine, meanwhile ? Optional.empty() : base.engineTag())),
              HubImageDescription.cached(
                  Containerizer.to(engine, DockerDaemonImage.named(tag)), cacheDir),
              jibProgress,
              "Hub image " + tag + " (Jib)");
      return hubImage(tag, built.getImageId().toString(), base);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while building the hub image.");
    } catch (InvalidImageReferenceException e) {
      throw new QuickHubException("'" + tag + "' is not a valid image tag; use name[:tag].", e);
    } catch (ExecutionException
        | IOException
        | RegistryException
        | CacheDirectoryCreationException e) {
      throw failure(base, e);
    }
  }

  /**
   * One sentence for what went wrong: a full disk, a base that cannot be had, or else the cause.
   */
  private QuickHubException failure(BaseImage base, Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (DiskSpace.isFull(cause)) {
      return new QuickHubException(
          Message.of(
              "The disk is full while building the hub image ({}): free some space and run {}"
                  + " again; nothing was changed.",
              DiskSpace.where(cacheDir),
              Call.of(Call.Command.BUILD)),
          e);
    }
    if (base.source() != BaseImage.Source.TARBALL) {
      return new QuickHubException(
          Message.of(
              "The base image '{}' was not found in the engine and could not be pulled ({}); check"
                  + " {}, or give an image the engine holds or a docker-archive tarball.",
              base.reference(),
              String.valueOf(cause.getMessage()),
              Setting.BASE),
          e);
    }
    return new QuickHubException(
        Message.of(
            "Building the hub image on base {} failed: {}; check the base, then run {} again.",
            base.reference(),
            String.valueOf(cause.getMessage()),
            Call.of(Call.Command.BUILD)),
        e);
  }

  private static HubImage hubImage(String tag, String id, BaseImage base) {
    return new HubImage(tag, id, base.reference(), base.created().orElse("unknown"));
  }
}
