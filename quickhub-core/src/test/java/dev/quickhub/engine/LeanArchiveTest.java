package dev.quickhub.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.image.Image;
import com.google.cloud.tools.jib.image.ImageTarball;
import com.google.cloud.tools.jib.image.json.V22ManifestTemplate;
import com.google.common.collect.ImmutableSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * LeanArchive reads private fields of jib-core's {@link ImageTarball}. This test fails loudly on a
 * jib-core whose fields differ (builds then fall back to Jib's public writeTo, sending every layer,
 * which is slower but right), and checks that the archive it writes is the image Jib writes.
 */
class LeanArchiveTest {

  private static ImageTarball tarball() throws Exception {
    Image image =
        Image.builder(V22ManifestTemplate.class)
            .setCreated(Instant.ofEpochSecond(1))
            .setArchitecture("amd64")
            .setOs("linux")
            .addEnvironmentVariable("QUICKHUB_TEST", "1")
            .setEntrypoint(java.util.List.of("/bin/true"))
            .build();
    return new ImageTarball(
        image, ImageReference.parse("quickhub-test/lean:one"), ImmutableSet.of("one", "two"));
  }

  @Test
  void readsJibsPrivateFieldsOfThisJibCore() throws Exception {
    assertThat(LeanArchive.of(tarball()))
        .as(
            "jib-core's ImageTarball no longer has the fields image, imageReference and"
                + " allTargetImageTags: update LeanArchive for this jib-core (until then every"
                + " build sends every layer)")
        .isPresent();
  }

  @Test
  void writesTheImageJibWrites() throws Exception {
    ImageTarball tarball = tarball();
    LeanArchive lean = LeanArchive.of(tarball).orElseThrow();
    ByteArrayOutputStream jibs = new ByteArrayOutputStream();
    tarball.writeTo(jibs);
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    lean.writeTo(ours, 0);

    ImageArchiveIndex jib = ImageArchiveIndex.read(new ByteArrayInputStream(jibs.toByteArray()));
    ImageArchiveIndex mine = ImageArchiveIndex.read(new ByteArrayInputStream(ours.toByteArray()));
    assertThat(mine.imageId()).isEqualTo(jib.imageId()).isEqualTo(lean.imageId());
    assertThat(mine.tags())
        .containsExactlyInAnyOrderElementsOf(jib.tags())
        .containsExactlyInAnyOrder("quickhub-test/lean:one", "quickhub-test/lean:two");
  }
}
