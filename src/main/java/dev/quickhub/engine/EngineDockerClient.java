package dev.quickhub.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LoadResponseItem;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.DockerClient;
import com.google.cloud.tools.jib.api.DockerInfoDetails;
import com.google.cloud.tools.jib.api.ImageDetails;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.image.ImageTarball;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import dev.quickhub.report.Progress;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
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
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jib's engine extension point built on docker-java, so no docker CLI is needed.
 *
 * <p>Jib hands {@link #load} the whole image as a docker-archive on every build, base included.
 * This client first reads the archive's index: when the engine already holds an image with the same
 * id it only tags it; otherwise it leaves out the leading layers the engine already has (the engine
 * matches them by chain id), so a rebuild sends only the changed layers.
 *
 * <p>A base this client preloaded from a docker-archive is never exported with {@code docker save}:
 * Jib gets the archive instead.
 */
public final class EngineDockerClient implements DockerClient {

  private static final Logger LOG = LoggerFactory.getLogger(EngineDockerClient.class);

  private final com.github.dockerjava.api.DockerClient docker;

  /** Docker-archives of images this client preloaded, by image id: what {@link #save} returns. */
  private final Map<String, Path> archives = new ConcurrentHashMap<>();

  /** A {@link #preloadMeanwhile} under way, or done. */
  private volatile CompletableFuture<Void> loading = CompletableFuture.completedFuture(null);

  public EngineDockerClient(com.github.dockerjava.api.DockerClient docker) {
    this.docker = docker;
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
      load(stream(out -> tarball.writeTo(new Counting(out, writtenByteCountListener))));
      return "Loaded image (every layer)";
    }
    LeanArchive image = lean.get();
    if (image.tags().isEmpty()) {
      throw new IOException("Jib's image archive names no tag");
    }
    List<String> before = new ArrayList<>();
    image.tags().forEach(tag -> imageIdOf(tag).ifPresent(before::add));
    String result = "Loaded image: " + String.join(", ", image.tags());
    if (holds(image.imageId())) {
      for (String tag : image.tags()) {
        tag(image.imageId(), tag);
      }
      LOG.info("Image {} is already in the engine; tagged it {}", image.imageId(), image.tags());
      result += " (already present)";
    } else {
      int held = longestHeldPrefix(image.diffIds());
      LOG.info("Sending image {} without {} layer(s) the engine holds", image.imageId(), held);
      load(stream(out -> image.writeTo(new Counting(out, writtenByteCountListener), held)));
      String loaded = imageIdOf(image.tags().get(0)).orElse("");
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
        .forEach(this::removeIfUnnamedAndUnused);
    return result;
  }

  /**
   * Removes an image the build took its tag from, when nothing names or uses it any more: left
   * alone it would be an unnamed image for every rebuild. A container made from it keeps it.
   */
  private void removeIfUnnamedAndUnused(String imageId) {
    try {
      List<String> tags = docker.inspectImageCmd(imageId).exec().getRepoTags();
      boolean used =
          !docker
              .listContainersCmd()
              .withShowAll(true)
              .withAncestorFilter(List.of(imageId))
              .exec()
              .isEmpty();
      if ((tags == null || tags.isEmpty()) && !used) {
        docker.removeImageCmd(imageId).exec();
        LOG.info("Removed image {}, which the rebuilt tag named before", imageId);
      }
    } catch (NotFoundException | ConflictException e) {
      // Gone already, or in use after all: nothing to tidy.
    }
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
          InputStream in = new CountingInputStream(Files.newInputStream(archive), task::stepTo)) {
        load(in);
      }
    }
    if (tag.isPresent()) {
      keepTagged(id, tag.get());
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
    return imageIdOf(reference).isPresent();
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

  /** Tags image {@code imageId} as {@code tag} unless that tag already names it. */
  private void keepTagged(String imageId, String tag) {
    if (!imageIdOf(tag).orElse("").equals(imageId)) {
      tag(imageId, tag);
    }
  }

  private void load(InputStream archive) throws IOException, InterruptedException {
    List<String> errors = new ArrayList<>();
    try (InputStream in = archive) {
      docker
          .loadImageAsyncCmd(in)
          .exec(
              new ResultCallback.Adapter<LoadResponseItem>() {
                @Override
                public void onNext(LoadResponseItem item) {
                  if (item.getErrorDetail() != null) {
                    errors.add(item.getErrorDetail().getMessage());
                  }
                }
              })
          .awaitCompletion();
    } catch (RuntimeException e) {
      throw new IOException("the engine refused the image: " + e.getMessage(), e);
    }
    if (!errors.isEmpty()) {
      throw new IOException("the engine refused the image: " + String.join("; ", errors));
    }
  }

  /** The largest number of leading layers of this image that some image in the engine has. */
  private int longestHeldPrefix(List<String> diffIds) {
    int best = 0;
    for (Image image : docker.listImagesCmd().exec()) {
      try {
        InspectImageResponse inspected = docker.inspectImageCmd(image.getId()).exec();
        if (inspected.getRootFS() != null && inspected.getRootFS().getLayers() != null) {
          best =
              Math.max(
                  best, ImageArchiveIndex.commonPrefix(diffIds, inspected.getRootFS().getLayers()));
        }
      } catch (NotFoundException e) {
        // Removed while we looked; it holds nothing then.
      }
    }
    return best;
  }

  /** Reports how many bytes were written so far. */
  private static final class Counting extends FilterOutputStream {
    private final Consumer<Long> written;

    Counting(OutputStream out, Consumer<Long> written) {
      super(out);
      this.written = written;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      written.accept((long) len);
    }
  }

  /** Reports how many bytes were read so far. */
  private static final class CountingInputStream extends FilterInputStream {
    private final LongConsumer listener;
    private long count;

    CountingInputStream(InputStream in, LongConsumer listener) {
      super(in);
      this.listener = listener;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
        listener.accept(count);
      }
      return n;
    }
  }

  /** Something that writes a stream. */
  private interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Runs {@code writer} on its own thread and returns what it writes as an input stream. */
  private static InputStream stream(Writer writer) throws IOException {
    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream out = new PipedOutputStream(in);
    CompletableFuture<Void> done =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream o = out) {
                writer.writeTo(o);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return new FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        super.close();
        try {
          done.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
          // A reader that stopped early closes the pipe under the writer; that is not an error.
          if (!(e.getCause() instanceof UncheckedIOException)) {
            throw new IOException(e.getCause());
          }
        }
      }
    };
  }

  /** The id of image {@code reference} when it carries label {@code name} with {@code value}. */
  public Optional<String> imageLabelled(String reference, String name, String value) {
    try {
      InspectImageResponse image = docker.inspectImageCmd(reference).exec();
      Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
      return labels != null && value.equals(labels.get(name))
          ? Optional.of(image.getId())
          : Optional.empty();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private Optional<String> imageIdOf(String reference) {
    try {
      return Optional.ofNullable(docker.inspectImageCmd(reference).exec().getId());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private void tag(String imageId, String tag) {
    int colon = tag.lastIndexOf(':');
    boolean tagged = colon > tag.lastIndexOf('/');
    docker
        .tagImageCmd(
            imageId,
            tagged ? tag.substring(0, colon) : tag,
            tagged ? tag.substring(colon + 1) : "latest")
        .withForce()
        .exec();
  }

  @Override
  public void save(
      ImageReference imageReference, Path outputPath, Consumer<Long> writtenByteCountListener)
      throws InterruptedException, IOException {
    // Jib saves a base only when its cache lacks it; the archive it was loaded from is the same
    // image, already compressed, and much faster to read than the engine's export.
    Path archive = archives.get(imageIdOf(imageReference.toString()).orElse(""));
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
