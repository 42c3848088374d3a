package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtraPackagesTest {

  @TempDir Path dir;

  private ExtraPackages write(String text) throws IOException {
    Path file = dir.resolve("packages.txt");
    Files.writeString(file, text);
    return ExtraPackages.read(file);
  }

  @Test
  void namesAreSortedWithoutRepeatsCommentsOrBlankLines() throws IOException {
    ExtraPackages extras =
        write("# for the class\npython3-pandas\n\n  python3-numpy  # arrays\npython3-pandas\n");
    assertThat(extras.names()).containsExactly("python3-numpy", "python3-pandas");
    assertThat(extras.file()).contains(dir.resolve("packages.txt"));
  }

  @Test
  void aMissingFileOrOneWithCommentsOnlyListsNone() throws IOException {
    assertThat(ExtraPackages.read(dir.resolve("packages.txt")).isEmpty()).isTrue();
    ExtraPackages comments = write("# nothing yet\n\n");
    assertThat(comments.isEmpty()).isTrue();
    assertThat(comments.file()).isEmpty();
  }

  @Test
  void aBadNameIsRefusedWithItsLineNumber() {
    assertThatThrownBy(() -> write("python3-numpy\n# pandas next\nPython3-Pandas\n"))
        .isInstanceOf(QuickHubException.class)
        .hasMessageStartingWith("Line 3 of " + dir.resolve("packages.txt") + ", 'Python3-Pandas',")
        .hasMessageContaining("is not a Debian package name")
        .hasMessageEndingWith("write one name per line.");
  }

  @Test
  void namesThatAptCouldReadAsOptionsOrSeveralAreRefused() {
    for (String bad :
        new String[] {"--allow-unauthenticated", "numpy pandas", "a,b", "x", "py=1"}) {
      assertThatThrownBy(() -> write(bad + "\n")).as(bad).hasMessageStartingWith("Line 1 of ");
    }
  }

  @Test
  void aFolderInItsPlaceIsRefused() throws IOException {
    Files.createDirectory(dir.resolve("packages.txt"));
    assertThatThrownBy(() -> ExtraPackages.read(dir.resolve("packages.txt")))
        .hasMessageContaining("is not a file");
  }

  @Test
  void binaryContentIsNotText() throws IOException {
    Files.write(dir.resolve("packages.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertThatThrownBy(() -> ExtraPackages.read(dir.resolve("packages.txt")))
        .hasMessageContaining("is not a UTF-8 text file");
  }
}
