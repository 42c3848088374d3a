package dev.quickhub.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a docker-archive holds, read without keeping its layers: the image id (the digest of its
 * config), its tags, and for each layer the file in the archive and its diff id.
 */
final class ImageArchiveIndex {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One layer: its file inside the archive and its uncompressed digest. */
  record Layer(String file, String diffId) {}

  private final String imageId;
  private final List<String> tags;
  private final List<Layer> layers;

  ImageArchiveIndex(String imageId, List<String> tags, List<Layer> layers) {
    this.imageId = imageId;
    this.tags = List.copyOf(tags);
    this.layers = List.copyOf(layers);
  }

  /** Reads a docker-archive stream to its end, keeping only its JSON entries. */
  static ImageArchiveIndex read(InputStream archive) throws IOException {
    Collector collector = new Collector();
    archive.transferTo(collector);
    return collector.index();
  }

  /** Collects the small JSON entries of a docker-archive as it is written into it. */
  static final class Collector extends TarSplitter {
    private final Map<String, ByteArrayOutputStream> json = new HashMap<>();

    @Override
    protected void bytes(String entry, Part part, byte[] b, int off, int len) {
      if (part == Part.DATA && entry.endsWith(".json")) {
        json.computeIfAbsent(entry, e -> new ByteArrayOutputStream()).write(b, off, len);
      }
    }

    ImageArchiveIndex index() throws IOException {
      byte[] manifest = bytesOf("manifest.json");
      if (manifest == null) {
        throw new IOException("the image archive has no manifest.json");
      }
      JsonNode image = JSON.readTree(manifest).path(0);
      byte[] config = bytesOf(image.path("Config").asText());
      if (config == null) {
        throw new IOException("the image archive has no config " + image.path("Config").asText());
      }
      List<String> tags = new ArrayList<>();
      image.path("RepoTags").forEach(tag -> tags.add(tag.asText()));
      JsonNode files = image.path("Layers");
      JsonNode diffIds = JSON.readTree(config).path("rootfs").path("diff_ids");
      if (files.size() != diffIds.size()) {
        throw new IOException(
            "the image archive's manifest and config disagree on the number of layers");
      }
      List<Layer> layers = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        layers.add(new Layer(files.get(i).asText(), diffIds.get(i).asText()));
      }
      return new ImageArchiveIndex(imageIdOf(config), tags, layers);
    }

    private byte[] bytesOf(String name) {
      ByteArrayOutputStream bytes = json.get(name);
      return bytes == null ? null : bytes.toByteArray();
    }
  }

  /** The engine's id of an image: the digest of its config's bytes. */
  static String imageIdOf(byte[] config) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(config));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String imageId() {
    return imageId;
  }

  List<String> tags() {
    return tags;
  }

  List<Layer> layers() {
    return layers;
  }

  List<String> diffIds() {
    return layers.stream().map(Layer::diffId).toList();
  }

  /** How many leading layers two images share, in order, given their diff ids. */
  static int commonPrefix(List<String> a, List<String> b) {
    int n = 0;
    while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
      n++;
    }
    return n;
  }
}
