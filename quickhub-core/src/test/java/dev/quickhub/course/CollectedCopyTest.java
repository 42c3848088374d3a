package dev.quickhub.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectedCopyTest {

  private static final Instant CHANGED = Instant.parse("2025-06-30T22:10:00Z");

  @TempDir Path temp;
  private final List<String> said = new ArrayList<>();
  private final Progress progress = Progress.lines(said::add);

  @Test
  void studentsWorkAndSummaryArriveWithTheirTimesInANewPrivateFolder() throws IOException {
    Path dir = temp.resolve("out/hw1");
    CollectedCopy.unpack(
        tar(
            folder("./"),
            folder("./s1/"),
            file("./s1/a.ipynb", "{}", 0644),
            file("./s1/run.sh", "#!/bin/sh", 0700),
            link("./s1/latest", "a.ipynb"),
            hardLink("./s1/copy.ipynb", "./s1/a.ipynb"),
            file("./summary.csv", "student,files\ns1,2\n", 0644)),
        dir,
        progress);

    assertThat(Files.readString(dir.resolve("s1/a.ipynb"))).isEqualTo("{}");
    assertThat(Files.getLastModifiedTime(dir.resolve("s1/a.ipynb")).toInstant()).isEqualTo(CHANGED);
    assertThat(Files.isExecutable(dir.resolve("s1/run.sh"))).isTrue();
    assertThat(Files.readSymbolicLink(dir.resolve("s1/latest"))).isEqualTo(Path.of("a.ipynb"));
    assertThat(Files.readString(dir.resolve("s1/copy.ipynb"))).isEqualTo("{}");
    assertThat(Files.readString(dir.resolve("summary.csv"))).startsWith("student,files");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(names(dir)).containsExactlyInAnyOrder("s1", "summary.csv");
    assertThat(said).isEmpty();
  }

  @Test
  void aStudentsFolderIsReplacedAndOthersAreKept() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("out"));
    Files.createDirectories(dir.resolve("s1"));
    Files.writeString(dir.resolve("s1/old.ipynb"), "old");
    Files.createDirectories(dir.resolve("s2"));
    Files.writeString(dir.resolve("notes.md"), "mine");

    CollectedCopy.unpack(tar(folder("s1/"), file("s1/new.ipynb", "new", 0644)), dir, progress);

    assertThat(names(dir.resolve("s1"))).containsExactly("new.ipynb");
    assertThat(names(dir)).containsExactlyInAnyOrder("s1", "s2", "notes.md");
  }

  @Test
  void aLinkOutsideTheWorkIsLeftOutAndSaid() throws IOException {
    Path dir = temp.resolve("out");
    CollectedCopy.unpack(
        tar(folder("s1/"), link("s1/passwd", "/etc/passwd"), link("s1/up", "../../x")),
        dir,
        progress);
    assertThat(names(dir.resolve("s1"))).isEmpty();
    assertThat(said)
        .containsExactly(
            "Left out s1/passwd: a link outside the student's work (to /etc/passwd).",
            "Left out s1/up: a link outside the student's work (to ../../x).");
  }

  @Test
  void namesOutsideTheFolderRefuseTheWholeCopy() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("out"));
    Files.writeString(dir.resolve("keep.txt"), "mine");
    for (String bad : List.of("/etc/cron.d/x", "s1/../../x", "../x")) {
      assertThatThrownBy(
              () ->
                  CollectedCopy.unpack(
                      tar(folder("s1/"), file("s1/a", "a", 0644), file(bad, "x", 0644)),
                      dir,
                      progress))
          .isInstanceOf(QuickHubException.class)
          .hasMessage(
              "The hub's copy of the collected work names '"
                  + bad
                  + "', a path outside its own folder; nothing was written to "
                  + dir
                  + ".");
      assertThat(names(dir)).containsExactly("keep.txt");
    }
  }

  @Test
  void nothingIsWrittenThroughALink() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("out"));
    assertThatThrownBy(
            () ->
                CollectedCopy.unpack(
                    tar(link("s1/d", "."), file("s1/d/x", "x", 0644)), dir, progress))
        .hasMessageContaining("names 's1/d/x', a path outside its own folder");
    assertThat(names(dir)).isEmpty();
  }

  @Test
  void aFileWhereTheFolderShouldBeIsRefused() throws IOException {
    Path file = Files.writeString(temp.resolve("out"), "x");
    assertThatThrownBy(() -> CollectedCopy.requireFolder(file))
        .hasMessage(
            file
                + " is not a folder: give a folder for the collected work (it is made when"
                + " missing).");
    assertThat(CollectedCopy.requireFolder(temp.resolve("new"))).isEqualTo(temp.resolve("new"));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(path -> Files.exists(path, LinkOption.NOFOLLOW_LINKS))
          .map(path -> path.getFileName().toString())
          .toList();
    }
  }

  private static TarArchiveEntry folder(String name) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setLastModifiedTime(FileTime.from(CHANGED));
    return entry;
  }

  private record Content(TarArchiveEntry entry, byte[] bytes) {}

  private static Object file(String name, String text, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    entry.setSize(bytes.length);
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
    entry.setLastModifiedTime(FileTime.from(CHANGED));
    return new Content(entry, bytes);
  }

  private static TarArchiveEntry link(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    entry.setLinkName(target);
    return entry;
  }

  private static TarArchiveEntry hardLink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    entry.setLinkName(target);
    return entry;
  }

  /** A tar of the entries, names kept as given (absolute ones and '..' too). */
  private static InputStream tar(Object... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Object item : entries) {
        if (item instanceof Content content) {
          tar.putArchiveEntry(content.entry);
          tar.write(content.bytes);
        } else {
          tar.putArchiveEntry((TarArchiveEntry) item);
        }
        tar.closeArchiveEntry();
      }
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }
}
