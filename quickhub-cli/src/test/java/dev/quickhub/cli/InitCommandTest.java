package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.image.ExtraPackages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quickhub init}: a hub folder with copies of the built-ins, never over existing files. */
class InitCommandTest {

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return QuickHubCommand.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void writesTheBuiltInSeedListAndVolumesAndAReadme() {
    Path dir = tmp.resolve("course");

    assertThat(run("init", dir.toString())).isZero();

    assertThat(dir.resolve("users/seed.csv")).hasSameTextualContentAs(Path.of("users/seed.csv"));
    assertThat(dir.resolve("volumes/hub.yaml"))
        .hasSameTextualContentAs(Path.of("volumes/hub.yaml"));
    assertThat(dir.resolve("README.md")).content().contains("quickhub up", "packages.txt");
    assertThat(dir.resolve("packages.txt")).content().contains("python3-numpy");
    assertThat(ExtraPackages.read(dir.resolve("packages.txt")).isEmpty())
        .as("every example is a comment")
        .isTrue();
    assertThat(out.toString()).contains("Wrote users/seed.csv");
  }

  @Test
  void refusesToWriteOverAnythingAndWritesNothing() throws IOException {
    Files.createDirectories(tmp.resolve("volumes"));
    Files.writeString(tmp.resolve("volumes/hub.yaml"), "mine\n");

    assertThat(run("init", tmp.toString())).isNotZero();

    assertThat(err.toString())
        .contains(tmp.resolve("volumes/hub.yaml").toString())
        .contains("nothing was written");
    assertThat(tmp.resolve("volumes/hub.yaml")).hasContent("mine");
    assertThat(tmp.resolve("users")).doesNotExist();
    assertThat(tmp.resolve("README.md")).doesNotExist();
  }

  @Test
  void itsHelpTellsWhereSourcesComeFrom() {
    assertThat(run("init", "--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("--project, else QUICKHUB_HOME")
        .contains("current folder when it holds users/ or image/")
        .contains("built into quickhub");
  }

  @Test
  void commandsThatBuildTakeAProject() {
    for (String command : new String[] {"build", "up", "restore", "adopt"}) {
      out.getBuffer().setLength(0);
      run(command, "--help");
      assertThat(out.toString()).as(command).contains("--project=DIR");
    }
  }
}
