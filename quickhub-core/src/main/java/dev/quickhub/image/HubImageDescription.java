package dev.quickhub.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.Labels;
import dev.quickhub.report.Progress;
import dev.quickhub.system.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the hub image is, whatever it is sent to: the layers from {@code image/} and {@code users/}
 * on a base, the entrypoint, the hub port and the labels. The engine build and the registry push
 * both use it, so both make the same image (the same config, and so the same image id).
 */
final class HubImageDescription {

  private static final ImageContract CONTRACT = ImageContract.get();

  static final String ENTRYPOINT = CONTRACT.toolPath("quickhub-entrypoint");
  private static final List<String> ENTRYPOINT_COMMAND = List.of("/usr/bin/tini", "--", ENTRYPOINT);
  private static final int PORT = CONTRACT.hubPort();
  private static final String WORKDIR = CONTRACT.volumePath("srv");
  private static final String USER = "root";
  private static final Logger LOG = LoggerFactory.getLogger(HubImageDescription.class);
  private static final long PROGRESS_UNITS = 1000;

  private final List<FileEntriesLayer> layers;
  private final Map<String, String> labels;
  private final Optional<String> inputs;

  private HubImageDescription(
      List<FileEntriesLayer> layers, Map<String, String> labels, Optional<String> inputs) {
    this.layers = layers;
    this.labels = Collections.unmodifiableMap(labels);
    this.inputs = inputs;
  }

  /** The hub image of {@code sources} on {@code base}. */
  static HubImageDescription of(ImageSources sources, BaseImage base) throws IOException {
    List<FileEntriesLayer> layers = ImageLayers.of(sources);
    // Sorted: the config's bytes, and so the image id, must not depend on hash order.
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.VERSION, Version.get());
    labels.put(Labels.BASE, base.reference());
    labels.put(Labels.BASE_CREATED, base.created().orElse("unknown"));
    Optional<String> inputs = Optional.empty();
    if (base.imageId().isPresent()) {
      // A base known by id: the same inputs give the same image, so one that carries them is it.
      inputs = Optional.of(BuildInputs.digest(base.imageId().get(), layers, settings(labels)));
      labels.put(Labels.INPUTS, inputs.get());
    }
    return new HubImageDescription(layers, labels, inputs);
  }

  /** The digest of everything the image is made of, when the base is known by id. */
  Optional<String> inputs() {
    return inputs;
  }

  /** The image on {@code from}, its base. */
  JibContainerBuilder on(JibContainerBuilder from) {
    return from.setFileEntriesLayers(layers)
        .setEntrypoint(ENTRYPOINT_COMMAND)
        .setProgramArguments()
        .addExposedPort(Port.tcp(PORT))
        .setWorkingDirectory(AbsoluteUnixPath.get(WORKDIR))
        .setUser(USER)
        .setEnvironment(environment())
        .setLabels(labels);
  }

  /** quickhub's name and version, and its Jib caches under {@code cacheDir}. */
  static Containerizer cached(Containerizer to, Path cacheDir) {
    return to.setBaseImageLayersCache(cacheDir.resolve("jib").resolve("base"))
        .setApplicationLayersCache(cacheDir.resolve("jib").resolve("app"))
        .setToolName("quickhub")
        .setToolVersion(Version.get());
  }

  /** Runs Jib, its progress shown as task {@code title} and its step times logged. */
  static JibContainer containerize(
      JibContainerBuilder image, Containerizer to, Progress progress, String title)
      throws InterruptedException,
          RegistryException,
          IOException,
          CacheDirectoryCreationException,
          ExecutionException {
    try (Progress.Task task = progress.start(title, PROGRESS_UNITS)) {
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
      return image.containerize(to);
    }
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

  private static Map<String, String> environment() {
    Map<String, String> env = new TreeMap<>();
    for (String entry : BaseImageBuilder.ENV) {
      env.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
    }
    return env;
  }
}
