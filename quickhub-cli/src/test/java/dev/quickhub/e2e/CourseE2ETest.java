package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A course from roster to archive on a real hub: 30 students imported into course c101, an
 * assignment released, five students edit (one after the due time), the teacher (the seed list's
 * admin) collects, returns feedback, reads the status and archives; students logged in meanwhile.
 * Students who attack the copy (links to root's and the teacher's files, a folder swapped for a
 * link) reach nothing that is not theirs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CourseE2ETest {

  private static final int STUDENTS = 30;
  private static final String COURSE = "c101";
  private static final String HW = "hw1";
  private static final String TEACHER_DIR = "/home/admin/notebook/c101/collected/hw1";

  private TestHub hub;
  private Path work;
  private Path material;
  private HubClient s01;
  private Instant due;

  private static String student(int i) {
    return String.format("s%02d", i);
  }

  @BeforeAll
  void aHubWithACourseOfThirtyStudents() throws Exception {
    hub = new TestHub();
    work = Files.createTempDirectory("quickhub-course-");
    Cli up = Cli.run(hub.args("up"));
    assertThat(up.exitCode()).as(up.err()).isZero();
    Path roster = work.resolve("roster.csv");
    Files.writeString(
        roster,
        "username,full_name\n"
            + IntStream.rangeClosed(1, STUDENTS)
                .mapToObj(i -> student(i) + ",Student " + i + "\n")
                .collect(Collectors.joining()));
    Cli imported =
        Cli.run("users", "import", roster.toString(), "--course", COURSE, "--name", hub.name);
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(root("getent group c101 | cut -d: -f4").trim().split(","))
        .hasSize(STUDENTS)
        .contains("s01", "s30");
    // user1 exists already: importing a roster naming it puts it in the course too.
    Files.writeString(roster, "username\nuser1\n");
    Cli again =
        Cli.run("users", "import", roster.toString(), "--course", "c102", "--name", hub.name);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(root("id -nG user1")).contains("c102");

    material = Files.createDirectories(work.resolve("hw1"));
    Files.createDirectories(material.resolve("data"));
    Files.writeString(material.resolve("hw1.ipynb"), "{\"cells\": [], \"v\": 1}");
    Files.writeString(material.resolve("data/values.csv"), "x\n1\n");
    Files.createSymbolicLink(material.resolve("latest.csv"), Path.of("data/values.csv"));
    // s01 stays logged in with a running server throughout.
    root("echo s01:s01-secret-pass | chpasswd");
    s01 = HubClient.at(hub.url());
    assertThat(s01.login("s01", "s01-secret-pass")).isTrue();
    s01.startServer(Duration.ofMinutes(3));
  }

  @AfterAll
  void removeTheHub() throws Exception {
    try {
      if (hub != null) {
        hub.close();
      }
    } finally {
      if (work != null) {
        Sources.deleteTree(work);
      }
    }
  }

  private String root(String script) {
    var result = hub.exec(null, null, "sh", "-c", script);
    assertThat(result.exitCode()).as(script + ": " + result.stderr()).isZero();
    return result.stdout();
  }

  private String as(String user, String script) {
    var result = hub.exec(user, null, "sh", "-c", script);
    assertThat(result.exitCode()).as(user + ": " + script + ": " + result.stderr()).isZero();
    return result.stdout();
  }

  private Cli course(String... args) {
    List<String> all = new ArrayList<>(List.of("course"));
    all.addAll(List.of(args));
    all.addAll(List.of("--name", hub.name));
    return Cli.run(all.toArray(String[]::new));
  }

  private Cli ok(Cli cli) {
    assertThat(cli.exitCode()).as(cli.err() + cli.out()).isZero();
    return cli;
  }

  /** sha256 and path of every file under {@code dir} in the hub, sorted. */
  private String digests(String dir) {
    return root("cd " + dir + " && find . -type f -exec sha256sum {} + | sort -k2");
  }

  @Test
  @Order(1)
  void releaseReachesEveryStudentAsTheirOwnFiles() {
    Cli released = ok(course("release", COURSE, HW, material.toString()));
    assertThat(released.out()).contains("s01").contains("s30");
    assertThat(root("stat -c '%U %a' /home/s17/notebook/c101/hw1/hw1.ipynb"))
        .isEqualTo("s17 644\n");
    assertThat(root("readlink /home/s17/notebook/c101/hw1/latest.csv"))
        .isEqualTo("data/values.csv\n");
    assertThat(root("ls /home | grep -c '^s[0-9][0-9]$'")).isEqualTo(STUDENTS + "\n");
    assertThat(root("ls -d /home/s*/notebook/c101/hw1/data/values.csv | wc -l"))
        .isEqualTo(STUDENTS + "\n");
    // The logged-in student sees it through their running server.
    assertThat(s01.readFile("c101/hw1/hw1.ipynb")).hasValueSatisfying(t -> t.contains("\"v\": 1"));
    // Releasing again changes nothing.
    Cli again = ok(course("release", COURSE, HW, material.toString()));
    assertThat(again.out()).contains("up to date");
  }

  @Test
  @Order(2)
  void fiveStudentsEditAndASecondReleaseKeepsTheirWork() throws IOException {
    for (int i = 1; i <= 5; i++) {
      as(student(i), "echo 'answer of " + student(i) + "' > ~/notebook/c101/hw1/hw1.ipynb");
    }
    due = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    // s05 hands in after the due time (as a clock would show it).
    as("s05", "touch -d '" + due.plusSeconds(3600) + "' ~/notebook/c101/hw1/hw1.ipynb");

    Files.writeString(material.resolve("hw1.ipynb"), "{\"cells\": [], \"v\": 2}");
    Files.writeString(material.resolve("hints.md"), "look at data/\n");
    Cli released = ok(course("release", COURSE, HW, material.toString()));
    assertThat(released.out()).contains("s01").contains("kept");
    assertThat(as("s02", "cat ~/notebook/c101/hw1/hw1.ipynb")).isEqualTo("answer of s02\n");
    assertThat(as("s02", "cat ~/notebook/c101/hw1/hw1.update-*.ipynb")).contains("\"v\": 2");
    assertThat(as("s02", "cat ~/notebook/c101/hw1/UPDATES.txt")).contains("you changed hw1.ipynb");
    assertThat(as("s09", "cat ~/notebook/c101/hw1/hw1.ipynb")).contains("\"v\": 2");
    assertThat(as("s09", "ls ~/notebook/c101/hw1")).doesNotContain("update-").contains("hints.md");
  }

  @Test
  @Order(3)
  void collectSnapshotsEveryoneForTheTeacherAndMarksTheLateOne() throws IOException {
    Path out = work.resolve("collected");
    Cli collected =
        ok(course("collect", COURSE, HW, "--due", due.toString(), "-o", out.toString()));
    assertThat(collected.out()).contains("summary.csv");
    String summary = root("cat " + TEACHER_DIR + "/summary.csv");
    assertThat(summary.lines().filter(line -> line.matches("s\\d\\d,.*,late,.*")))
        .as(summary)
        .hasSize(1)
        .allMatch(line -> line.startsWith("s05,"));
    assertThat(summary.lines().count()).isEqualTo(STUDENTS + 1);
    assertThat(root("stat -c '%U' " + TEACHER_DIR + "/s02/hw1.ipynb")).isEqualTo("admin\n");
    assertThat(root("cat " + TEACHER_DIR + "/s02/hw1.ipynb")).isEqualTo("answer of s02\n");
    assertThat(root("stat -c %Y " + TEACHER_DIR + "/s05/hw1.ipynb").trim())
        .as("the snapshot keeps each file's mtime")
        .isEqualTo(String.valueOf(due.plusSeconds(3600).getEpochSecond()));
    assertThat(Files.readString(out.resolve("s02/hw1.ipynb"))).isEqualTo("answer of s02\n");
    assertThat(Files.readString(out.resolve("summary.csv"))).isEqualTo(summary);
    assertThat(root("su -s /bin/sh s03 -c 'cat " + TEACHER_DIR + "/s02/hw1.ipynb' 2>&1 || true"))
        .as("students cannot read the teacher's collection")
        .contains("Permission denied");

    Cli later =
        ok(
            course(
                "collect",
                COURSE,
                HW,
                "--due",
                due.plusSeconds(7200).toString(),
                "-o",
                out.toString()));
    assertThat(later.exitCode()).isZero();
    assertThat(root("cat " + TEACHER_DIR + "/summary.csv").lines())
        .as("a later due time clears late")
        .noneMatch(line -> line.matches("s\\d\\d,.*,late,.*"))
        .hasSize(STUDENTS + 1);
  }

  @Test
  @Order(4)
  void returnedFeedbackLandsInEachStudentsFolder() throws IOException {
    Path feedback = work.resolve("feedback");
    for (int i = 1; i <= STUDENTS; i++) {
      Path dir = Files.createDirectories(feedback.resolve(student(i)));
      Files.writeString(dir.resolve("grade.txt"), "grade for " + student(i) + "\n");
    }
    Files.createDirectories(feedback.resolve("stranger"));
    Cli returned = ok(course("return", COURSE, HW, feedback.toString()));
    assertThat(returned.out()).contains("stranger");
    assertThat(as("s07", "cat ~/notebook/c101/hw1/feedback/grade.txt"))
        .isEqualTo("grade for s07\n");
    assertThat(root("stat -c %U /home/s07/notebook/c101/hw1/feedback/grade.txt"))
        .isEqualTo("s07\n");
    assertThat(root("test ! -e /home/stranger && echo absent")).isEqualTo("absent\n");
  }

  @Test
  @Order(5)
  void statusShowsEachStudentsCycle() {
    Cli status = ok(course("status", COURSE, HW, "--json"));
    for (int i = 1; i <= STUDENTS; i++) {
      assertThat(status.out()).contains("\"" + student(i) + "\"");
    }
    Cli table = ok(course("status", COURSE, HW));
    assertThat(table.out().lines().filter(line -> line.startsWith("s0")).count()).isEqualTo(9);
    assertThat(table.out()).contains("s02").contains("s30");
  }

  @Test
  @Order(6)
  void theArchiveHoldsTheSameTreeAsTheTeachersCollection() throws Exception {
    Path file = work.resolve("c101.tar.gz");
    ok(course("archive", COURSE, "-o", file.toString()));
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    TreeMap<String, String> inArchive = new TreeMap<>();
    try (InputStream in = Files.newInputStream(file);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile() && !entry.isSymbolicLink()) {
          inArchive.put(
              entry.getName(),
              HexFormat.of()
                  .formatHex(MessageDigest.getInstance("SHA-256").digest(tar.readAllBytes())));
        }
      }
    }
    TreeMap<String, String> expected = new TreeMap<>();
    digests(TEACHER_DIR)
        .lines()
        .map(line -> line.split("  \\./", 2))
        .forEach(p -> expected.put("c101/collected/hw1/" + p[1], p[0]));
    assertThat(inArchive).as("the archive's collection").containsAllEntriesOf(expected);
    assertThat(inArchive.keySet().stream().filter(k -> k.startsWith("c101/collected/hw1/")))
        .hasSize(expected.size());
    assertThat(inArchive).containsKey("c101/feedback/hw1/s07/grade.txt");
    Cli again = course("archive", COURSE, "-o", file.toString());
    assertThat(again.exitCode()).as("an existing file is never overwritten").isNotZero();
  }

  @Test
  @Order(7)
  void studentsWhoAttackTheCopyReachNothingButTheirOwn() {
    String shadow = root("sha256sum /etc/shadow /etc/passwd /home/admin/.bashrc");
    // s10: links to root's and the teacher's files, and the release's file swapped for a link.
    as(
        "s10",
        "cd ~/notebook/c101/hw1 && ln -s /etc/shadow shadow && ln -s ../../../../admin/.bashrc rc"
            + " && rm hints.md && ln -s /etc/passwd hints.md");
    // s12: a git folder whose configuration runs a command for whoever uses git there.
    as("s12", "cd ~/notebook/c101/hw1 && git init -q . && git config core.fsmonitor 'id > /tmp/x'");
    // s11: the course folder swapped for a link into the teacher's notebook folder.
    as("s11", "cd ~/notebook && mv c101 c101.mine && ln -s /home/admin/notebook c101");
    try {
      Cli collected = ok(course("collect", COURSE, HW));
      assertThat(collected.out()).contains("links outside the folder").contains("a git folder");
      assertThat(root("ls -A " + TEACHER_DIR + "/s12")).doesNotContain(".git");
      assertThat(root("ls -A " + TEACHER_DIR + "/s11")).as("nothing of the teacher's").isEmpty();
      assertThat(root("ls -A " + TEACHER_DIR + "/s10"))
          .doesNotContain("shadow")
          .doesNotContain("rc\n");
      Cli released = course("release", COURSE, HW, material.toString());
      assertThat(released.exitCode()).isOne();
      assertThat(released.out().lines().filter(line -> line.contains("s11")))
          .singleElement()
          .asString()
          .contains("failed");
      assertThat(root("sha256sum /etc/shadow /etc/passwd /home/admin/.bashrc")).isEqualTo(shadow);
      assertThat(root("ls /home/admin/notebook")).doesNotContain("hw1");
      assertThat(root("readlink /home/s10/notebook/c101/hw1/hints.md"))
          .as("s10's own link stays theirs; nothing was written through it")
          .isEqualTo("/etc/passwd\n");
    } finally {
      as("s11", "cd ~/notebook && rm c101 && mv c101.mine c101");
    }
  }

  @Test
  @Order(8)
  void badInputGetsOneSentenceAndCopiesNothing() throws IOException {
    String before = digests("/home/s12/notebook/c101/hw1");
    Path bad = Files.createDirectories(work.resolve("bad"));
    Files.writeString(bad.resolve("hw1.ipynb"), "{\"v\": 3}");
    Files.createSymbolicLink(bad.resolve("secret"), Path.of("/etc/hostname"));
    Cli outside = course("release", COURSE, HW, bad.toString());
    assertThat(outside.exitCode()).isNotZero();
    assertThat(outside.err()).contains("secret").contains("outside");
    assertThat(digests("/home/s12/notebook/c101/hw1")).isEqualTo(before);

    Cli unknown = course("status", "c999", HW);
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("no course 'c999'");
    Cli never = course("collect", COURSE, "hw9");
    assertThat(never.exitCode()).isNotZero();
    assertThat(never.err()).contains("never released");
    for (String name : List.of("../hw1", "hw.1", "a/b")) {
      Cli dotted = course("release", COURSE, name, material.toString());
      assertThat(dotted.exitCode()).as(name).isNotZero();
      assertThat(dotted.err()).as(name).contains("is not an assignment name");
    }
    Cli slashCourse = course("status", "c1/../c101", HW);
    assertThat(slashCourse.exitCode()).isNotZero();
    Path roster = Files.writeString(work.resolve("utmp.csv"), "username\ns01\n");
    Cli system =
        Cli.run("users", "import", roster.toString(), "--course", "utmp", "--name", hub.name);
    assertThat(system.exitCode()).isNotZero();
    assertThat(system.err()).contains("is a system group");
    assertThat(root("id -nG s01")).doesNotContain("utmp");

    root("mv /home/s29 /srv/s29-away");
    root("gpasswd -d s28 c101 >/dev/null");
    try {
      Cli collected = ok(course("collect", COURSE, HW));
      assertThat(collected.out().lines().filter(line -> line.contains("s29")))
          .singleElement()
          .asString()
          .contains("no home");
      assertThat(collected.out().lines().filter(line -> line.contains("s28")))
          .singleElement()
          .asString()
          .contains("no longer in the course");
    } finally {
      root("mv /srv/s29-away /home/s29 && gpasswd -a s28 c101 >/dev/null");
    }
  }

  @Test
  @Order(9)
  void anAdminRunsTheSameToolInATerminalAndOthersCannot() {
    root(
        "mkdir -p /home/admin/hw2 && echo two > /home/admin/hw2/two.txt && chown -R admin /home/admin/hw2");
    // The default password of the test hub's admin, typed at sudo's prompt.
    String out =
        as("admin", "cd ~ && echo admin | sudo -S -p '' quickhub-course release c101 hw2 hw2");
    assertThat(out).contains("s01");
    assertThat(as("s03", "cat ~/notebook/c101/hw2/two.txt")).isEqualTo("two\n");
    var refused = hub.exec("s03", null, "sh", "-c", "quickhub-course status c101 hw2");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("run it as a hub admin with sudo");
  }
}
