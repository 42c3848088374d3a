package dev.quickhub.image;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of everything a hub image is made of: the base, every layer entry's content, place and
 * mode, and the image settings. The image carries it as a label, so a build whose inputs did not
 * change is recognised with one question to the engine, without Jib.
 */
final class BuildInputs {

  private BuildInputs() {}

  /**
   * @param base what identifies the base: its image id when known, else its reference
   * @param settings the image settings (entrypoint, environment, labels...), in a fixed order
   */
  static String digest(String base, List<FileEntriesLayer> layers, List<String> settings)
      throws IOException {
    MessageDigest digest = BaseRecipe.sha256();
    text(digest, base);
    settings.forEach(setting -> text(digest, setting));
    byte[] buffer = new byte[1 << 16];
    for (FileEntriesLayer layer : layers) {
      text(digest, layer.getName());
      for (FileEntry entry : layer.getEntries()) {
        text(digest, entry.getExtractionPath().toString());
        text(digest, entry.getPermissions().toOctalString());
        text(digest, entry.getOwnership());
        text(digest, entry.getModificationTime().toString());
        try (InputStream in =
            new DigestInputStream(Files.newInputStream(entry.getSourceFile()), digest)) {
          while (in.read(buffer) > 0) {
            // DigestInputStream adds what is read.
          }
        }
        text(digest, "");
      }
    }
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  private static void text(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }
}
