package dev.quickhub.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFileTest {

  @TempDir Path temp;

  @Test
  void theArchiveIsANewOwnerOnlyFile() throws IOException {
    Path file = temp.resolve("c101.tar.gz");
    long bytes =
        ArchiveFile.write(
            new ByteArrayInputStream("archive".getBytes(StandardCharsets.UTF_8)), file);
    assertThat(bytes).isEqualTo(7);
    assertThat(Files.readString(file)).isEqualTo("archive");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void anExistingFileOrLinkIsNeverWrittenOver() throws IOException {
    Path file = Files.writeString(temp.resolve("c101.tar.gz"), "mine");
    assertThatThrownBy(() -> ArchiveFile.requireNew(file))
        .hasMessage(file + " exists already: choose a new file name; nothing was written.");
    Path link = Files.createSymbolicLink(temp.resolve("link"), temp.resolve("nowhere"));
    assertThatThrownBy(() -> ArchiveFile.write(InputStream.nullInputStream(), link))
        .hasMessageStartingWith(link + " exists already");
    assertThat(Files.readString(file)).isEqualTo("mine");
    assertThat(Files.exists(temp.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void aMissingFolderIsNamed() {
    Path file = temp.resolve("no/such/c101.tar.gz");
    assertThatThrownBy(() -> ArchiveFile.requireNew(file))
        .hasMessage(
            "The folder "
                + temp.resolve("no/such")
                + " for "
                + file
                + " does not exist: create it or choose another file; nothing was written.");
  }

  @Test
  void aFailedCopyLeavesNoFile() {
    Path file = temp.resolve("c101.tar.gz");
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };
    assertThatThrownBy(() -> ArchiveFile.write(broken, file))
        .hasMessage("Writing " + file + " failed (connection reset); nothing was kept.");
    assertThat(Files.exists(file)).isFalse();
  }
}
