package dev.quickhub.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class ImageArchiveIndexTest {

  private static final String CONFIG =
      "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:base\",\"sha256:app\",\"sha256:seed\"]}}";
  private static final String MANIFEST =
      "[{\"Config\":\"config.json\",\"RepoTags\":[\"quick-jupyterhub:latest\"],"
          + "\"Layers\":[\"base.tar.gz\",\"app.tar.gz\",\"seed.tar.gz\"]}]";

  /** A docker-archive as Jib writes it: layers first, then config, then manifest. */
  private static byte[] archive(String config, String manifest) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (String name : List.of("base.tar.gz", "app.tar.gz", "seed.tar.gz")) {
        put(tar, name, new byte[4096]);
      }
      put(tar, "config.json", config.getBytes(StandardCharsets.UTF_8));
      put(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static ImageArchiveIndex index() throws IOException {
    return ImageArchiveIndex.read(new ByteArrayInputStream(archive(CONFIG, MANIFEST)));
  }

  @Test
  void imageIdIsTheDigestOfTheConfig() throws Exception {
    String expected =
        "sha256:"
            + HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(CONFIG.getBytes(StandardCharsets.UTF_8)));
    assertThat(index().imageId()).isEqualTo(expected);
    assertThat(index().tags()).containsExactly("quick-jupyterhub:latest");
    assertThat(index().diffIds()).containsExactly("sha256:base", "sha256:app", "sha256:seed");
  }

  @Test
  void leadingLayersTwoImagesShareAreCounted() throws IOException {
    List<String> layers = index().diffIds();
    assertThat(ImageArchiveIndex.commonPrefix(layers, List.of("sha256:base", "sha256:other")))
        .isEqualTo(1);
    assertThat(ImageArchiveIndex.commonPrefix(layers, List.of("sha256:app")))
        .as("order matters: chain ids")
        .isZero();
    assertThat(
            ImageArchiveIndex.commonPrefix(
                layers, List.of("sha256:base", "sha256:app", "sha256:seed", "sha256:more")))
        .isEqualTo(3);
  }

  @Test
  void archiveWithoutManifestIsRejected() {
    assertThatThrownBy(() -> ImageArchiveIndex.read(new ByteArrayInputStream(new byte[1024])))
        .hasMessageContaining("manifest.json");
  }

  @Test
  void manifestAndConfigMustAgree() {
    String twoLayers = "{\"rootfs\":{\"diff_ids\":[\"sha256:a\",\"sha256:b\"]}}";
    assertThatThrownBy(
            () -> ImageArchiveIndex.read(new ByteArrayInputStream(archive(twoLayers, MANIFEST))))
        .hasMessageContaining("disagree");
  }
}
