package dev.quickhub.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {

  @TempDir Path dir;

  @Test
  void newFileIsBesideTheRosterAndOwnerOnlyBeforeAnythingIsWritten() throws IOException {
    Path roster = Files.writeString(dir.resolve("class.csv"), "username\n");
    try (PasswordFile file = PasswordFile.create(roster)) {
      assertThat(file.path().getParent()).isEqualTo(dir.toAbsolutePath());
      assertThat(file.path().getFileName().toString())
          .matches("class-passwords-\\d{8}-\\d{6}\\.csv");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
          .isEqualTo("rw-------");
      file.write(Map.of("ada", "secret-1"));
    }
  }

  @Test
  void writtenPasswordsReadBack() throws IOException {
    Path path = dir.resolve("new.csv");
    try (PasswordFile file = PasswordFile.open(path)) {
      file.write(Map.of("ada", "secret-1"));
    }
    assertThat(PasswordFile.read(path)).isEqualTo(Map.of("ada", "secret-1"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-------");
  }

  @Test
  void writesThroughTheHandleThatMadeTheFileNotThePath() throws IOException {
    Path path = dir.resolve("new.csv");
    Path moved = dir.resolve("moved.csv");
    try (PasswordFile file = PasswordFile.open(path)) {
      Files.move(path, moved);
      Files.writeString(path, "someone else's\n");
      file.write(Map.of("ada", "secret-1"));
    }
    assertThat(Files.readString(path)).isEqualTo("someone else's\n");
    assertThat(PasswordFile.read(moved)).isEqualTo(Map.of("ada", "secret-1"));
  }

  @Test
  void aBrokenRowIsRefusedWithoutShowingItsPassword() throws IOException {
    Path path =
        Files.writeString(dir.resolve("pw.csv"), "username,password\nalice,Secr3t,Tail-of-pw\n");
    assertThatThrownBy(() -> PasswordFile.read(path))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("is not CSV with the header username,password")
        .hasMessageNotContaining("Secr3t")
        .hasMessageNotContaining("Tail-of-pw")
        .hasNoCause();
  }

  @Test
  void refusesAnExistingFileAndLeavesItAlone() throws IOException {
    Path path = Files.writeString(dir.resolve("new.csv"), "mine\n");
    assertThatThrownBy(() -> PasswordFile.open(path))
        .isInstanceOf(QuickHubException.class)
        .hasMessage(
            "Cannot create "
                + path
                + " for the new passwords (it exists already); nothing was imported.");
    assertThat(Files.readString(path)).isEqualTo("mine\n");
  }

  @Test
  void refusesASymbolicLinkWhetherItsTargetExistsOrNot() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "mine\n");
    Path link = Files.createSymbolicLink(dir.resolve("new.csv"), target);
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling.csv"), dir.resolve("nowhere"));
    assertThatThrownBy(() -> PasswordFile.open(link)).isInstanceOf(QuickHubException.class);
    assertThatThrownBy(() -> PasswordFile.open(dangling)).isInstanceOf(QuickHubException.class);
    assertThat(Files.readString(target)).isEqualTo("mine\n");
    assertThat(dir.resolve("nowhere")).doesNotExist();
    assertThat(Files.isSymbolicLink(link) && Files.isSymbolicLink(dangling)).isTrue();
  }

  @Test
  void aFileLeftWithoutPasswordsIsRemovedOnClose() throws IOException {
    Path path = dir.resolve("new.csv");
    PasswordFile.open(path).close();
    assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }
}
