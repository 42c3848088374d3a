package dev.quickhub.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.image.Image;
import com.google.cloud.tools.jib.image.ImageTarball;
import com.google.cloud.tools.jib.image.Layer;
import com.google.cloud.tools.jib.image.json.ImageToJsonTranslator;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import com.google.cloud.tools.jib.tar.TarStreamBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The image Jib hands to {@link EngineDockerClient#load} as a docker-archive that leaves out
 * leading layers the engine holds. Jib's own {@link ImageTarball} always writes every layer, base
 * included; reading the image from it instead lets a rebuild send (and read from disk) only its new
 * layers, in one pass. The archive is the one Jib writes, less those layer files: same config
 * bytes, so the same image id.
 */
final class LeanArchive {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG = "config.json";

  private final Image image;
  private final List<String> tags;
  private final byte[] config;

  private LeanArchive(Image image, List<String> tags) throws IOException {
    this.image = image;
    this.tags = List.copyOf(tags);
    this.config =
        JsonTemplateMapper.toByteArray(
            new ImageToJsonTranslator(image).getContainerConfiguration());
  }

  /**
   * Reads the image out of Jib's tarball (jib-core keeps it private; its version is pinned, and
   * LeanArchiveTest fails on a jib-core whose fields differ). Empty when they cannot be read: the
   * caller then sends Jib's whole archive through its public {@link ImageTarball#writeTo}.
   */
  static Optional<LeanArchive> of(ImageTarball tarball) throws IOException {
    Image image;
    ImageReference reference;
    Set<?> targetTags;
    try {
      image = (Image) field(tarball, "image");
      reference = (ImageReference) field(tarball, "imageReference");
      targetTags = (Set<?>) field(tarball, "allTargetImageTags");
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
    List<String> tags = new ArrayList<>();
    for (Object tag : targetTags) {
      tags.add(reference.withQualifier(tag.toString()).toStringWithQualifier());
    }
    return Optional.of(new LeanArchive(image, tags));
  }

  private static Object field(ImageTarball tarball, String name)
      throws ReflectiveOperationException {
    Field field = ImageTarball.class.getDeclaredField(name);
    field.setAccessible(true);
    return field.get(tarball);
  }

  /** The engine's id for this image: the digest of its config. */
  String imageId() {
    return ImageArchiveIndex.imageIdOf(config);
  }

  List<String> tags() {
    return tags;
  }

  List<String> diffIds() {
    List<String> ids = new ArrayList<>();
    for (Layer layer : image.getLayers()) {
      ids.add(layer.getDiffId().toString());
    }
    return ids;
  }

  /** Writes the docker-archive without the first {@code held} layers' files. */
  void writeTo(OutputStream out, int held) throws IOException {
    TarStreamBuilder tar = new TarStreamBuilder();
    Instant epoch = Instant.ofEpochSecond(1);
    ArrayNode layerFiles = JSON.createArrayNode();
    List<Layer> layers = image.getLayers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String file = layer.getBlobDescriptor().getDigest().getHash() + ".tar.gz";
      layerFiles.add(file);
      if (i >= held) {
        tar.addBlobEntry(layer.getBlob(), layer.getBlobDescriptor().getSize(), file, epoch);
      }
    }
    tar.addByteEntry(config, CONFIG, epoch);
    ArrayNode manifest = JSON.createArrayNode();
    ObjectNode entry = manifest.addObject();
    entry.put("Config", CONFIG);
    tags.forEach(entry.putArray("RepoTags")::add);
    entry.set("Layers", layerFiles);
    tar.addByteEntry(JSON.writeValueAsBytes(manifest), "manifest.json", epoch);
    tar.writeAsTarArchiveTo(out);
  }
}
