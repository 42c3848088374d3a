package dev.quickhub.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class TarSplitterTest {

  /** Passes everything on but the entry named "drop". */
  private static final class DropOne extends TarSplitter {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    protected void bytes(String entry, Part part, byte[] b, int off, int len) {
      if (!"drop".equals(entry)) {
        out.write(b, off, len);
      }
    }
  }

  private static Map<String, byte[]> entries() {
    Random random = new Random(42);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (String name : new String[] {"keep-empty", "drop", "a".repeat(99), "exact-block", "odd"}) {
      int size =
          switch (name) {
            case "keep-empty" -> 0;
            case "exact-block" -> 1024;
            case "drop" -> 70_000;
            default -> 1 + random.nextInt(5000);
          };
      byte[] content = new byte[size];
      random.nextBytes(content);
      entries.put(name, content);
    }
    return entries;
  }

  private static byte[] tar(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (var e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void droppingAnEntryLeavesAValidArchiveWithTheOthersIntact() throws IOException {
    Map<String, byte[]> entries = entries();
    byte[] archive = tar(entries);
    DropOne splitter = new DropOne();
    // Odd write sizes cross header, data and padding boundaries.
    for (int off = 0; off < archive.length; off += 777) {
      splitter.write(archive, off, Math.min(777, archive.length - off));
    }
    Map<String, byte[]> read = new LinkedHashMap<>();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(splitter.out.toByteArray()))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        read.put(entry.getName(), in.readAllBytes());
      }
    }
    entries.remove("drop");
    assertThat(read.keySet()).containsExactlyElementsOf(entries.keySet());
    entries.forEach((name, content) -> assertThat(read.get(name)).as(name).isEqualTo(content));
  }

  @Test
  void extendedHeadersTravelWithTheirEntry() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String name : new String[] {"k".repeat(150), "drop"}) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.addPaxHeader("comment", "an extended header for " + name);
        byte[] content = name.getBytes(StandardCharsets.UTF_8);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    DropOne splitter = new DropOne();
    splitter.write(bytes.toByteArray());
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(splitter.out.toByteArray()))) {
      TarArchiveEntry entry = in.getNextEntry();
      assertThat(entry.getName()).isEqualTo("k".repeat(150));
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("k".repeat(150));
      assertThat(in.getNextEntry())
          .as("the dropped entry and its extended header are gone")
          .isNull();
    }
  }

  @Test
  void gnuExtensionsAreRefused() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      TarArchiveEntry entry = new TarArchiveEntry("n".repeat(300));
      byte[] content = "x".getBytes(StandardCharsets.UTF_8);
      entry.setSize(content.length);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    }
    assertThatThrownBy(() -> new DropOne().write(bytes.toByteArray()))
        .hasMessageContaining("tar extensions");
  }
}
