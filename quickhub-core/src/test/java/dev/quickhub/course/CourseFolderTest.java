package dev.quickhub.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CourseFolderTest {

  private static final FileTime MTIME = FileTime.from(Instant.parse("2025-06-01T10:00:00Z"));

  @TempDir Path temp;

  @Test
  void theTarIsRootsWithRelativeNamesModesLinksAndTimes() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("hw1"));
    Path notebook = Files.writeString(dir.resolve("intro.ipynb"), "{}");
    Files.setPosixFilePermissions(notebook, PosixFilePermissions.fromString("rw-rw-rw-"));
    Files.setLastModifiedTime(notebook, MTIME);
    Path data = Files.createDirectories(dir.resolve("data/raw"));
    Path script = Files.writeString(data.resolve("get.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(dir.resolve("data/latest"), Path.of("raw/get.sh"));
    Files.createSymbolicLink(data.resolve("top"), Path.of("../../intro.ipynb"));

    CourseFolder folder = CourseFolder.read(dir);
    assertThat(folder.files()).isEqualTo(4);
    assertThat(folder.bytes()).isEqualTo(2 + 10);
    assertThat(folder.leftOut()).isEmpty();

    Map<String, TarArchiveEntry> entries = entries(folder);
    assertThat(entries)
        .containsOnlyKeys(
            "intro.ipynb", "data/", "data/raw/", "data/raw/get.sh", "data/latest", "data/raw/top");
    assertThat(entries.values())
        .allSatisfy(
            entry -> {
              assertThat(entry.getLongUserId()).isZero();
              assertThat(entry.getLongGroupId()).isZero();
              assertThat(entry.getUserName()).isEqualTo("root");
            });
    assertThat(entries.get("intro.ipynb").getMode() & 07777).isEqualTo(0644);
    assertThat(entries.get("intro.ipynb").getLastModifiedTime()).isEqualTo(MTIME);
    assertThat(entries.get("intro.ipynb").getSize()).isEqualTo(2);
    assertThat(entries.get("data/raw/get.sh").getMode() & 07777).isEqualTo(0755);
    assertThat(entries.get("data/").isDirectory()).isTrue();
    assertThat(entries.get("data/").getMode() & 07777).isEqualTo(0755);
    assertThat(entries.get("data/latest").isSymbolicLink()).isTrue();
    assertThat(entries.get("data/latest").getLinkName()).isEqualTo("raw/get.sh");
    assertThat(entries.get("data/raw/top").getLinkName()).isEqualTo("../../intro.ipynb");
  }

  @Test
  void theFilesContentIsInTheTar() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("hw1"));
    Files.writeString(dir.resolve("a.txt"), "hello");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CourseFolder.read(dir).write(bytes);
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(tar.getNextEntry().getName()).isEqualTo("a.txt");
      assertThat(new String(tar.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(tar.getNextEntry()).isNull();
    }
  }

  @Test
  void aLinkOutsideIsRefusedNamingItAndItsTarget() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("hw1/sub"));
    Files.writeString(dir.resolve("ok.txt"), "x");
    Files.createSymbolicLink(dir.resolve("x"), Path.of("../../secret"));
    Path top = temp.resolve("hw1");
    assertThatThrownBy(() -> CourseFolder.read(top))
        .isInstanceOf(QuickHubException.class)
        .hasMessage(
            top.resolve("sub/x")
                + " links outside "
                + top
                + " (to ../../secret): replace the link by the file it points to or remove it;"
                + " nothing was copied.");
  }

  @Test
  void anAbsoluteLinkIsRefusedEvenIntoTheFolder() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("hw1"));
    Files.writeString(dir.resolve("a.txt"), "x");
    Files.createSymbolicLink(dir.resolve("abs"), dir.resolve("a.txt").toAbsolutePath());
    assertThatThrownBy(() -> CourseFolder.read(dir))
        .hasMessageStartingWith(dir.resolve("abs") + " links outside " + dir + " (to /");
  }

  @Test
  void aLinkThatClimbsBackAfterAFolderNameIsRefused() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("hw1"));
    Files.createSymbolicLink(dir.resolve("d"), Path.of("."));
    Files.createSymbolicLink(dir.resolve("l"), Path.of("d/.."));
    assertThatThrownBy(() -> CourseFolder.read(dir))
        .hasMessageStartingWith(dir.resolve("l") + " links to d/.., which climbs back up");
  }

  @Test
  void aSocketIsRefused() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("hw1"));
    Files.writeString(dir.resolve("a.txt"), "x");
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(dir.resolve("sock")));
      assertThatThrownBy(() -> CourseFolder.read(dir))
          .hasMessage(
              dir.resolve("sock")
                  + " is not a file, folder or link (a named pipe, socket or device): move it out"
                  + " of "
                  + dir
                  + "; nothing was copied.");
    }
  }

  @Test
  void anEmptyFolderAndNoFolderAreRefused() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("hw1"));
    assertThatThrownBy(() -> CourseFolder.read(dir))
        .hasMessage(dir + " is empty: put the files to copy in it.");
    Path file = Files.writeString(temp.resolve("file"), "x");
    assertThatThrownBy(() -> CourseFolder.read(file))
        .hasMessage(file + " is not a folder: give a folder of files to copy.");
    assertThatThrownBy(() -> CourseFolder.read(temp.resolve("missing")))
        .hasMessage(temp.resolve("missing") + " is not a folder: give a folder of files to copy.");
  }

  @Test
  void aFolderNamedThroughALinkIsRead() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("hw1"));
    Files.writeString(dir.resolve("a.txt"), "x");
    Path link = Files.createSymbolicLink(temp.resolve("current"), Path.of("hw1"));
    assertThat(entries(CourseFolder.read(link))).containsOnlyKeys("a.txt");
  }

  @Test
  void perStudentSendsOnlyStudentFolders() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("feedback/s1"));
    Files.writeString(dir.resolve("notes.md"), "good");
    Files.createDirectories(temp.resolve("feedback/.ipynb_checkpoints"));
    Files.writeString(temp.resolve("feedback/summary.csv"), "student\n");
    Path top = temp.resolve("feedback");

    CourseFolder folder = CourseFolder.perStudent(top);
    assertThat(entries(folder)).containsOnlyKeys("s1/", "s1/notes.md");
    assertThat(folder.leftOut())
        .containsExactlyInAnyOrder(top.resolve(".ipynb_checkpoints"), top.resolve("summary.csv"));
  }

  @Test
  void perStudentWithoutAStudentFolderIsRefused() throws IOException {
    Path top = Files.createDirectory(temp.resolve("feedback"));
    Files.writeString(top.resolve("summary.csv"), "student\n");
    assertThatThrownBy(() -> CourseFolder.perStudent(top))
        .hasMessage(
            top
                + " holds no student folder: put each student's files in a folder named as their"
                + " account (DIR/STUDENT/...).");
  }

  @Test
  void perStudentChecksTheLinksItSends() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("feedback/s1"));
    Files.createSymbolicLink(dir.resolve("other"), Path.of("../s2/notes.md"));
    Path top = temp.resolve("feedback");
    assertThatThrownBy(() -> CourseFolder.perStudent(top))
        .hasMessageStartingWith(
            top.resolve("s1/other") + " links outside " + top.resolve("s1") + " (to ../s2");
  }

  private static Map<String, TarArchiveEntry> entries(CourseFolder folder) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    folder.write(bytes);
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        entries.put(entry.getName(), entry);
      }
    }
    return entries;
  }
}
