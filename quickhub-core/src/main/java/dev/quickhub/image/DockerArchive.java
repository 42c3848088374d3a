package dev.quickhub.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quickhub.report.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Turns a root file system tar into a one-layer docker-archive (manifest.json, config, gzipped
 * layer), the form Jib reads as a {@code TarImage} base and the engine loads.
 */
final class DockerArchive {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String LAYER = "layer.tar.gz";
  static final String CONFIG = "config.json";

  private DockerArchive() {}

  /**
   * Writes {@code archive} from {@code rootfs} and returns the image id the engine will give it.
   *
   * @param tagOfId the tag the archive gives the image, from its id
   * @param env the image's environment, NAME=value
   * @param history what made the layer, for {@code docker history}
   */
  static String write(
      Path rootfs,
      Path archive,
      UnaryOperator<String> tagOfId,
      String architecture,
      List<String> env,
      String history,
      Instant created,
      Progress progress)
      throws IOException {
    Path layer = archive.resolveSibling(archive.getFileName() + ".layer.tmp");
    MessageDigest diffId = BaseRecipe.sha256();
    long size = Files.size(rootfs);
    try (Progress.Task task = progress.start("Compressing the base layer", size)) {
      try (InputStream in = new DigestInputStream(Files.newInputStream(rootfs), diffId);
          OutputStream out = new FastGzip(Files.newOutputStream(layer))) {
        copy(in, out, task);
      }
    }
    String diff = "sha256:" + HexFormat.of().formatHex(diffId.digest());
    byte[] config = JSON.writeValueAsBytes(config(architecture, env, diff, history, created));
    // The engine's id of this image: the digest of its config.
    String imageId = "sha256:" + HexFormat.of().formatHex(BaseRecipe.sha256().digest(config));
    byte[] manifest = JSON.writeValueAsBytes(manifest(tagOfId.apply(imageId)));

    Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tmp))) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      addFile(tar, LAYER, layer);
      addBytes(tar, CONFIG, config);
      addBytes(tar, "manifest.json", manifest);
    } finally {
      Files.deleteIfExists(layer);
    }
    Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return imageId;
  }

  /** Copies {@code in} to {@code out}, the bytes so far as {@code task}'s steps; returns them. */
  static long copy(InputStream in, OutputStream out, Progress.Task task) throws IOException {
    byte[] buffer = new byte[1 << 20];
    long done = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      out.write(buffer, 0, n);
      done += n;
      task.stepTo(done);
    }
    return done;
  }

  private static ObjectNode config(
      String architecture, List<String> env, String diffId, String history, Instant created) {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", architecture);
    config.put("os", "linux");
    config.put("created", created.toString());
    ArrayNode envNode = config.putObject("config").putArray("Env");
    env.forEach(envNode::add);
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(diffId);
    ObjectNode step = config.putArray("history").addObject();
    step.put("created", created.toString());
    step.put("created_by", history);
    return config;
  }

  private static ArrayNode manifest(String tag) {
    ArrayNode manifest = JSON.createArrayNode();
    ObjectNode image = manifest.addObject();
    image.put("Config", CONFIG);
    image.putArray("RepoTags").add(tag);
    image.putArray("Layers").add(LAYER);
    return manifest;
  }

  private static void addFile(TarArchiveOutputStream tar, String name, Path file)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(Files.size(file));
    tar.putArchiveEntry(entry);
    Files.copy(file, tar);
    tar.closeArchiveEntry();
  }

  private static void addBytes(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  /** gzip at the fastest level: the base is compressed once per build and read many times. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
