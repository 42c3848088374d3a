package dev.quickhub.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Tiny pure-Python wheels made in the test (there is no PyPI here): package {@code NAME} whose
 * {@code VALUE} is a given string, laid out as a PEP 503 simple index that {@code python3 -m
 * http.server} serves.
 */
final class Wheels {

  private final Map<String, byte[]> files = new LinkedHashMap<>();

  /** Adds {@code simple/NAME/NAME-1.0-py3-none-any.whl}. */
  Wheels add(String name, String value) {
    files.put("simple/" + name + "/" + fileName(name), wheel(name, value));
    return this;
  }

  static String fileName(String name) {
    return name + "-1.0-py3-none-any.whl";
  }

  /** A tar of the index, for the engine's archive API. */
  byte[] tar() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  static byte[] wheel(String name, String value) {
    String dist = name + "-1.0.dist-info";
    Map<String, String> content = new LinkedHashMap<>();
    content.put(name + "/__init__.py", "VALUE = " + pythonString(value) + "\n");
    content.put(dist + "/METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n");
    content.put(
        dist + "/WHEEL",
        "Wheel-Version: 1.0\nGenerator: quickhub-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
    StringBuilder record = new StringBuilder();
    content.forEach(
        (path, text) -> {
          byte[] data = text.getBytes(StandardCharsets.UTF_8);
          record.append(path).append(",sha256=").append(sha256(data)).append(',');
          record.append(data.length).append('\n');
        });
    record.append(dist).append("/RECORD,,\n");
    content.put(dist + "/RECORD", record.toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> file : content.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static String pythonString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String sha256(byte[] data) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
