package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quickhub.course.HubCourse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to 'course release|collect|return|status|archive' and 'users import --course' is one
 * sentence, said before any engine is asked.
 */
class CourseCommandsTest {

  private final CommandLineRun cli = new CommandLineRun();

  @TempDir Path temp;

  // An engine that cannot answer: reaching it would fail with another sentence.
  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--host", "tcp://127.0.0.1:1", "--no-install-engine"));
    return cli.run(all.toArray(String[]::new));
  }

  private Path material() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("hw1"));
    Files.writeString(dir.resolve("intro.ipynb"), "{}");
    return dir;
  }

  @Test
  void theCourseCommandNamesTheCycle() {
    assertThat(cli.run("course", "--help")).isZero();
    assertThat(cli.out.toString())
        .contains("release", "collect", "return", "status", "archive", "link")
        .contains("-> collect");
  }

  @Test
  void aBadCourseNameIsRefused() throws IOException {
    assertThat(run("course", "release", "C/101", "hw1", material().toString())).isEqualTo(1);
    assertThat(cli.err.toString())
        .startsWith("quickhub: 'C/101' is not a course name: a course is a group of the hub")
        .doesNotContain("engine");
  }

  @Test
  void aPrivilegedGroupIsNoCourse() {
    assertThat(run("course", "status", "sudo", "hw1")).isEqualTo(1);
    assertThat(cli.err.toString()).startsWith("quickhub: 'sudo' is not a course name");
  }

  @Test
  void badAssignmentNamesAreRefused() throws IOException {
    assertThat(run("course", "release", "c101", "../hw1", material().toString())).isEqualTo(1);
    assertThat(cli.err.toString())
        .isEqualTo(
            "quickhub: '../hw1' is not an assignment name: use 1 to 64 letters, digits, '_' or"
                + " '-', starting with a letter or digit.\n");
    assertThat(run("course", "collect", "c101", "collected")).isEqualTo(1);
    assertThat(cli.err.toString()).contains("'collected' is the teacher's folder");
  }

  @Test
  void aLinkOutsideTheMaterialIsRefusedBeforeTheHub() throws IOException {
    Path dir = material();
    Files.createSymbolicLink(dir.resolve("passwd"), Path.of("/etc/passwd"));
    assertThat(run("course", "release", "c101", "hw1", dir.toString())).isEqualTo(1);
    assertThat(cli.err.toString())
        .isEqualTo(
            "quickhub: "
                + dir.resolve("passwd")
                + " links outside "
                + dir
                + " (to /etc/passwd): replace the link by the file it points to or remove it;"
                + " nothing was copied.\n");
  }

  @Test
  void aMissingFolderIsRefused() {
    Path missing = temp.resolve("missing");
    assertThat(run("course", "release", "c101", "hw1", missing.toString())).isEqualTo(1);
    assertThat(cli.err.toString())
        .isEqualTo("quickhub: " + missing + " is not a folder: give a folder of files to copy.\n");
  }

  @Test
  void feedbackWithoutAStudentFolderIsRefused() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("feedback"));
    Files.writeString(dir.resolve("summary.csv"), "student\n");
    assertThat(run("course", "return", "c101", "hw1", dir.toString())).isEqualTo(1);
    assertThat(cli.err.toString()).contains(dir + " holds no student folder");
  }

  @Test
  void aDueTimeThatIsNoTimeIsAUsageError() {
    assertThat(run("course", "collect", "c101", "hw1", "--due", "tomorrow")).isEqualTo(2);
    assertThat(cli.err.toString())
        .startsWith(
            "'tomorrow' is not a time: give an ISO 8601 time such as 2025-06-30T23:59:00Z.\n")
        .contains("Usage:");
    // A time without its offset is no instant either.
    assertThat(run("course", "collect", "c101", "hw1", "--due", "2025-06-30T23:59:00"))
        .isEqualTo(2);
  }

  @Test
  void aBadTeacherIsRefused() {
    assertThat(run("course", "collect", "c101", "hw1", "--teacher", "Admin")).isEqualTo(1);
    assertThat(cli.err.toString()).startsWith("quickhub: 'Admin' is not a valid user name");
  }

  @Test
  void collectingIntoAFileIsRefused() throws IOException {
    Path file = Files.writeString(temp.resolve("out"), "x");
    assertThat(run("course", "collect", "c101", "hw1", "-o", file.toString())).isEqualTo(1);
    assertThat(cli.err.toString())
        .isEqualTo(
            "quickhub: "
                + file
                + " is not a folder: give a folder for the collected work (it is made when"
                + " missing).\n");
  }

  @Test
  void theArchiveNeedsANewFileInAnExistingFolder() throws IOException {
    assertThat(run("course", "archive", "c101")).isEqualTo(2);
    assertThat(cli.err.toString()).contains("Missing required option: '--output=FILE'");

    Path existing = Files.writeString(temp.resolve("c101.tar.gz"), "mine");
    assertThat(run("course", "archive", "c101", "-o", existing.toString())).isEqualTo(1);
    assertThat(cli.err.toString())
        .endsWith(existing + " exists already: choose a new file name; nothing was written.\n");
    assertThat(Files.readString(existing)).isEqualTo("mine");

    Path nowhere = temp.resolve("no/c101.tar.gz");
    assertThat(run("course", "archive", "c101", "-o", nowhere.toString())).isEqualTo(1);
    assertThat(cli.err.toString()).contains("The folder " + temp.resolve("no") + " for ");
  }

  @Test
  void importRefusesABadCourseBeforeReadingTheRoster() {
    assertThat(run("users", "import", temp.resolve("none.csv").toString(), "--course", "root"))
        .isEqualTo(1);
    assertThat(cli.err.toString()).startsWith("quickhub: 'root' is not a course name");
  }

  @Test
  void statusRowsForScriptsAreSnakeCaseWithNulls() throws Exception {
    HubCourse.Standing standing =
        new HubCourse.Standing(
            "s1",
            Optional.of(Instant.parse("2025-06-01T10:00:00Z")),
            Optional.of(true),
            Optional.empty(),
            Optional.empty(),
            "");
    JsonNode row =
        JsonOutput.MAPPER.readTree(
            JsonOutput.MAPPER.writeValueAsString(CourseStatusCommand.Row.of(standing)));
    List<String> names = new ArrayList<>();
    row.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly("student", "released", "changed", "collected", "returned", "detail");
    assertThat(row.get("released").asText()).isEqualTo("2025-06-01T10:00:00Z");
    assertThat(row.get("changed").asBoolean()).isTrue();
    assertThat(row.get("collected").isNull()).isTrue();
  }

  @Test
  void countsFollowTheOutcomesOrder() {
    assertThat(CourseOutcomes.counts(List.of("released", "skipped", "released", "up to date"), "c"))
        .isEqualTo("2 released, 1 skipped, 1 up to date");
    assertThat(CourseOutcomes.counts(List.of(), "c101")).isEqualTo("No member of course c101");
  }

  @Test
  void aStudentForWhomTheStepFailedFailsTheCommand() {
    StringWriter text = new StringWriter();
    int code =
        CourseOutcomes.print(
            new PrintWriter(text),
            "c101",
            List.of(
                new HubCourse.Outcome("s1", "released", "3 files"),
                new HubCourse.Outcome("s2", "failed", "s2 has no home"),
                new HubCourse.Outcome("s3", "skipped", "")));
    assertThat(code).isEqualTo(1);
    assertThat(text.toString())
        .isEqualTo(
            "s1: released (3 files)\ns2: failed (s2 has no home)\ns3: skipped\n"
                + "1 released, 1 failed, 1 skipped.\n");
    assertThat(CourseOutcomes.exitCode(List.of("released", "up to date"))).isZero();
  }
}
