package dev.quickhub.z2jh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export's folder is the exporting user's alone, and its files are new. */
class ExportFolderTest {

  @Test
  void aMissingFolderIsMadeForTheUserAlone(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("export");
    ExportFolder.prepare(dir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
  }

  @Test
  void anEmptyFolderOfTheUsersIsAccepted(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("export"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    ExportFolder.prepare(dir);
  }

  @Test
  void aLinkAnOthersWritableFolderAndAFilledOneAreRefused(@TempDir Path tmp) throws Exception {
    Path target = Files.createDirectory(tmp.resolve("target"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
    assertThatThrownBy(() -> ExportFolder.prepare(link))
        .isInstanceOf(QuickHubException.class)
        .hasMessage(
            link + " is a symbolic link; give a new folder (the export makes it, mode 0700).");
    Path open = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> ExportFolder.prepare(open)).hasMessageContaining("writable by others");
    Files.writeString(target.resolve("x"), "x");
    assertThatThrownBy(() -> ExportFolder.prepare(target)).hasMessageContaining("is not empty");
  }

  @Test
  void filesAreWrittenOnlyNew(@TempDir Path tmp) throws Exception {
    Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "keep");
    Path link = Files.createSymbolicLink(tmp.resolve("config.yaml"), elsewhere);
    assertThatThrownBy(() -> ExportFolder.write(link, "x"))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(elsewhere)).isEqualTo("keep");
  }
}
