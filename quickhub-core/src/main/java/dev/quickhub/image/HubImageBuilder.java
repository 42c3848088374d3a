package dev.quickhub.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.EngineDockerClient;
import dev.quickhub.engine.Labels;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.system.DiskSpace;
import dev.quickhub.system.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the hub image with jib-core: the base, then layers from {@code image/} and {@code users/},
 * the entrypoint, the hub port and labels, straight into the engine. No Dockerfile, no docker CLI.
 */
public final class HubImageBuilder {

  private static final ImageContract CONTRACT = ImageContract.get();

  public static final String ENTRYPOINT = CONTRACT.toolPath("quickhub-entrypoint");
  private static final List<String> ENTRYPOINT_COMMAND = List.of("/usr/bin/tini", "--", ENTRYPOINT);
  private static final int PORT = CONTRACT.hubPort();
  private static final String WORKDIR = CONTRACT.volumePath("srv");
  private static final String USER = "root";
  private static final Logger LOG = LoggerFactory.getLogger(HubImageBuilder.class);
  private static final long PROGRESS_UNITS = 1000;

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
      List<FileEntriesLayer> layers = ImageLayers.of(sources);
      Map<String, String> labels = labels(base);
      if (base.imageId().isPresent()) {
        // A base known by id: the same inputs give the same image, so one that carries them is it.
        String inputs = BuildInputs.digest(base.imageId().get(), layers, settings(labels));
        Optional<String> same = engine.imageLabelled(tag, Labels.INPUTS, inputs);
        if (same.isPresent()) {
          LOG.info("{} is up to date ({} {})", tag, Labels.INPUTS, inputs);
          return hubImage(tag, same.get(), base);
        }
        labels.put(Labels.INPUTS, inputs);
      }
      JibContainerBuilder image =
          from(base, meanwhile)
              .setFileEntriesLayers(layers)
              .setEntrypoint(ENTRYPOINT_COMMAND)
              .setProgramArguments()
              .addExposedPort(Port.tcp(PORT))
              .setWorkingDirectory(AbsoluteUnixPath.get(WORKDIR))
              .setUser(USER)
              .setEnvironment(environment())
              .setLabels(labels);
      Containerizer to =
          Containerizer.to(engine, DockerDaemonImage.named(tag))
              .setBaseImageLayersCache(cacheDir.resolve("jib").resolve("base"))
              .setApplicationLayersCache(cacheDir.resolve("jib").resolve("app"))
              .setToolName("quickhub")
              .setToolVersion(Version.get());
      JibContainer built;
      try (Progress.Task task = jibProgress.start("Hub image " + tag + " (Jib)", PROGRESS_UNITS)) {
        double[] done = {0};
        to.addEventHandler(
            ProgressEvent.class,
            event -> {
              synchronized (done) {
                done[0] += event.getAllocation().getFractionOfRoot() * event.getUnits();
                task.stepTo(Math.round(Math.min(1, done[0]) * PROGRESS_UNITS));
                task.message(event.getAllocation().getDescription());
              }
            });
        to.addEventHandler(
            TimerEvent.class,
            event -> {
              if (event.getState() == TimerEvent.State.FINISHED) {
                LOG.info("{} took {} ms", event.getDescription(), event.getElapsed().toMillis());
              }
            });
        built = image.containerize(to);
      }
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

  /** The image settings besides layers and base, as the build inputs digest covers them. */
  private static List<String> settings(Map<String, String> labels) {
    return List.of(
        "entrypoint=" + ENTRYPOINT_COMMAND,
        "port=" + PORT,
        "workdir=" + WORKDIR,
        "user=" + USER,
        "env=" + environment(),
        "labels=" + labels);
  }

  // Sorted maps: the config's bytes, and so the image id, must not depend on hash order.
  private static Map<String, String> labels(BaseImage base) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.VERSION, Version.get());
    labels.put(Labels.BASE, base.reference());
    labels.put(Labels.BASE_CREATED, base.created().orElse("unknown"));
    return labels;
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new TreeMap<>();
    for (String entry : BaseImageBuilder.ENV) {
      env.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
    }
    return env;
  }

  /**
   * @param loading whether the engine is still loading the cached base
   */
  private JibContainerBuilder from(BaseImage base, boolean loading) {
    try {
      switch (base.source()) {
        case TARBALL:
          // A cached base in the engine: Jib then takes its layers from its own cache (keyed by
          // the engine's image id), not from the archive, which it would unpack on every build.
          return base.engineTag().isPresent() && !loading
              ? Jib.from(engine, DockerDaemonImage.named(base.engineTag().get()))
              : Jib.from(TarImage.at(base.tarball().orElseThrow()));
        case ENGINE:
          return Jib.from(engine, DockerDaemonImage.named(base.reference()));
        default:
          return Jib.from(RegistryImage.named(base.reference()));
      }
    } catch (InvalidImageReferenceException e) {
      throw new QuickHubException(
          Message.of(
              "'{}' is not an image reference; give {} as name[:tag], a registry reference or a"
                  + " tarball path.",
              base.reference(),
              Setting.BASE),
          e);
    }
  }
}
