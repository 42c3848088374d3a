package dev.quickhub.engine;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.DockerClient;
import com.google.cloud.tools.jib.api.DockerInfoDetails;
import com.google.cloud.tools.jib.api.ImageDetails;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.image.ImageTarball;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import dev.quickhub.report.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jib's engine extension point built on docker-java, so no docker CLI is needed.
 *
 * <p>Jib hands {@link #load} the whole image as a docker-archive on every build, base included.
 * This client first reads the archive's index: when the engine already holds an image with the same
 * id it only tags it; otherwise it leaves out the leading layers the engine already has (the engine
 * matches them by chain id), so a rebuild sends only the changed layers. Podman refuses an archive
 * that lacks any layer's file, so it gets every layer (it stores only the ones it lacks).
 *
 * <p>A base this client preloaded from a docker-archive is never exported with {@code docker save}:
 * Jib gets the archive instead.
 */
public final class EngineDockerClient implements DockerClient {

  private static final Logger LOG = LoggerFactory.getLogger(EngineDockerClient.class);

  private final com.github.dockerjava.api.DockerClient docker;
  private final EngineImages images;

  /** Docker-archives of images this client preloaded, by image id: what {@link #save} returns. */
  private final Map<String, Path> archives = new ConcurrentHashMap<>();

  /** A {@link #preloadMeanwhile} under way, or done. */
  private volatile CompletableFuture<Void> loading = CompletableFuture.completedFuture(null);

  public EngineDockerClient(com.github.dockerjava.api.DockerClient docker) {
    this.docker = docker;
    this.images = new EngineImages(docker);
  }

  @Override
  public boolean supported(Map<String, String> parameters) {
    return true;
  }

  @Override
  public String load(ImageTarball tarball, Consumer<Long> writtenByteCountListener)
      throws InterruptedException, IOException {
    awaitPreload();
    Optional<LeanArchive> lean = LeanArchive.of(tarball);
    if (lean.isEmpty()) {
      LOG.warn(
          "This jib-core's ImageTarball differs from the one quickhub was built for:"
              + " every layer of the image is sent");
      images.load(
          ByteStreams.piped(
              out ->
                  tarball.writeTo(new ByteStreams.CountingOutput(out, writtenByteCountListener))));
      return "Loaded image (every layer)";
    }
    LeanArchive image = lean.get();
    if (image.tags().isEmpty()) {
      throw new IOException("Jib's image archive names no tag");
    }
    List<String> before = new ArrayList<>();
    image.tags().forEach(tag -> images.idOf(tag).ifPresent(before::add));
    String result = "Loaded image: " + String.join(", ", image.tags());
    if (holds(image.imageId())) {
      for (String tag : image.tags()) {
        images.tag(image.imageId(), tag);
      }
      LOG.info("Image {} is already in the engine; tagged it {}", image.imageId(), image.tags());
      result += " (already present)";
    } else {
      int held = EngineInfo.of(docker).podman() ? 0 : images.longestHeldPrefix(image.diffIds());
      LOG.info("Sending image {} without {} layer(s) the engine holds", image.imageId(), held);
      images.load(
          ByteStreams.piped(
              out ->
                  image.writeTo(
                      new ByteStreams.CountingOutput(out, writtenByteCountListener), held)));
      String loaded = images.idOf(image.tags().get(0)).orElse("");
      if (!loaded.equals(image.imageId())) {
        throw new IOException(
            "the engine did not load "
                + image.tags().get(0)
                + " as "
                + image.imageId()
                + " (it holds '"
                + loaded
                + "')");
      }
    }
    before.stream()
        .filter(id -> !id.equals(image.imageId()))
        .distinct()
        .forEach(images::removeIfUnnamedAndUnused);
    return result;
  }

  /**
   * Loads a docker-archive from disk unless the engine already holds its image, so that its layers
   * are sent once and later builds on it send only their own layers; then tags it {@code tag}.
   *
   * @param knownId the archive's image id when known (then the archive is not read to find it)
   */
  public void preload(
      Path archive, Optional<String> knownId, Optional<String> tag, Progress progress)
      throws IOException, InterruptedException {
    String id;
    if (knownId.isPresent()) {
      id = knownId.get();
    } else {
      try (InputStream in = Files.newInputStream(archive)) {
        id = ImageArchiveIndex.read(in).imageId();
      }
    }
    archives.put(id, archive);
    if (!holds(id)) {
      long size = Files.size(archive);
      try (Progress.Task task = progress.start("Loading the base image into the engine", size);
          InputStream in =
              new ByteStreams.CountingInput(Files.newInputStream(archive), task::stepTo)) {
        images.load(in);
      }
    }
    if (tag.isPresent()) {
      images.keepTagged(id, tag.get());
    }
  }

  /**
   * Runs {@link #preload} on a thread of its own: the engine unpacks a base while Jib builds on the
   * same archive. {@link #load} waits for it before it sends an image.
   */
  public void preloadMeanwhile(
      Path archive, Optional<String> knownId, Optional<String> tag, Progress progress) {
    loading =
        CompletableFuture.runAsync(
            () -> {
              try {
                preload(archive, knownId, tag, progress);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
              }
            });
  }

  /** Whether the engine holds image {@code reference} (a name or an id). */
  public boolean holds(String reference) {
    return images.idOf(reference).isPresent();
  }

  /** Waits for a {@link #preloadMeanwhile} under way, and fails as it failed. */
  private void awaitPreload() throws IOException, InterruptedException {
    try {
      loading.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof UncheckedIOException ? e.getCause().getCause() : e;
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    }
  }

  /** The id of image {@code reference} when it carries label {@code name} with {@code value}. */
  public Optional<String> imageLabelled(String reference, String name, String value) {
    return images.labelled(reference, name, value);
  }

  @Override
  public void save(
      ImageReference imageReference, Path outputPath, Consumer<Long> writtenByteCountListener)
      throws InterruptedException, IOException {
    // Jib saves a base only when its cache lacks it; the archive it was loaded from is the same
    // image, already compressed, and much faster to read than the engine's export.
    Path archive = archives.get(images.idOf(imageReference.toString()).orElse(""));
    if (archive != null) {
      Files.copy(archive, outputPath);
      writtenByteCountListener.accept(Files.size(outputPath));
      return;
    }
    try (InputStream in = docker.saveImageCmd(imageReference.toString()).exec();
        OutputStream out = Files.newOutputStream(outputPath)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        writtenByteCountListener.accept((long) n);
      }
    } catch (NotFoundException e) {
      throw new IOException("the engine has no image " + imageReference, e);
    }
  }

  @Override
  public ImageDetails inspect(ImageReference imageReference) throws IOException {
    InspectImageResponse image;
    try {
      image = docker.inspectImageCmd(imageReference.toString()).exec();
    } catch (NotFoundException e) {
      throw new IOException("the engine has no image " + imageReference, e);
    }
    return new ImageDetails() {
      @Override
      public long getSize() {
        return image.getSize() == null ? 0 : image.getSize();
      }

      @Override
      public DescriptorDigest getImageId() throws DigestException {
        return DescriptorDigest.fromDigest(image.getId());
      }

      @Override
      public List<DescriptorDigest> getDiffIds() throws DigestException {
        List<DescriptorDigest> ids = new ArrayList<>();
        for (String layer : image.getRootFS().getLayers()) {
          ids.add(DescriptorDigest.fromDigest(layer));
        }
        return ids;
      }
    };
  }

  @Override
  public DockerInfoDetails info() throws IOException {
    Info info = docker.infoCmd().exec();
    String json =
        "{\"OSType\":\""
            + info.getOsType()
            + "\",\"Architecture\":\""
            + info.getArchitecture()
            + "\"}";
    return JsonTemplateMapper.readJson(json, DockerInfoDetails.class);
  }
}
