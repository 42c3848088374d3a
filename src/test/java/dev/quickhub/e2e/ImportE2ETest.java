package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A teacher imports a class list of 30 students into a running hub. */
class ImportE2ETest {

  @TempDir Path tmp;

  @Test
  void rosterOf30CreatesAccountsReportsBadRowsAndIsIdempotent() throws Exception {
    try (TestHub hub = new TestHub()) {
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
      String students =
          IntStream.rangeClosed(1, 30)
              .mapToObj(i -> "student" + i + ",Student " + i + ",course,false")
              .collect(Collectors.joining("\n"));
      // A home that outlived its account comes back to it with its uid; one owned by root does not.
      hub.exec(
          null,
          null,
          "sh",
          "-c",
          "mkdir /home/returning /home/mallory && chown 1777:1777 /home/returning");
      Path roster = tmp.resolve("class.csv");
      Files.writeString(
          roster,
          "username,full_name,groups,admin\n"
              + students
              + "\nBadName,Upper Case,,false\n1digit,,,\nstudent3,Twice,,\n,no name,,\nteacher,Teacher,,maybe\n"
              + "returning,,,\nmallory,,,\n");

      Cli imported = Cli.run("users", "import", "--name", hub.name, roster.toString());
      assertThat(imported.exitCode()).as(imported.err()).isZero();
      assertThat(imported.out())
          .contains("class.csv line 32: 'BadName' is not a valid user name")
          .contains("class.csv line 33: '1digit' is not a valid user name")
          .contains("class.csv line 34: 'student3' is listed twice")
          .contains("class.csv line 35: no user name")
          .contains("class.csv line 36: admin must be true or false, not 'maybe'")
          .contains("skipped mallory: /home/mallory exists and belongs to root")
          .contains("31 created, 6 skipped.");
      assertThat(hub.exec(null, null, "id", "-u", "returning").stdout().strip()).isEqualTo("1777");
      assertThat(hub.exec(null, null, "stat", "-c", "%a %U", "/home/student9").stdout().strip())
          .isEqualTo("700 student9");
      Matcher file =
          Pattern.compile("Passwords of the new accounts are in (\\S+) \\(mode 0600\\)")
              .matcher(imported.out());
      assertThat(file.find()).isTrue();
      Path passwords = Path.of(file.group(1));
      assertThat(Files.getPosixFilePermissions(passwords))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      List<String> lines = Files.readAllLines(passwords);
      assertThat(lines).hasSize(32).first().isEqualTo("username,password");

      Map<String, String> byName =
          lines.stream()
              .skip(1)
              .map(l -> l.split(",", 2))
              .collect(Collectors.toMap(p -> p[0], p -> p[1]));
      for (String student : List.of("student1", "student17", "student30")) {
        HubClient client = HubClient.at(hub.url());
        assertThat(client.login(student, byName.get(student))).as(student).isTrue();
        client.startServer(Duration.ofMinutes(3));
        assertThat(client.get("user/" + student + "/lab").statusCode()).isEqualTo(200);
      }
      assertThat(hub.exec(null, null, "id", "-nG", "student17").stdout()).contains("course");

      Cli again = Cli.run("users", "import", "--name", hub.name, roster.toString());
      assertThat(again.exitCode()).isZero();
      assertThat(again.out())
          .contains("0 created, 37 skipped.")
          .contains("skipped student1: exists already");
      try (var files = Files.list(tmp)) {
        assertThat(files.filter(p -> p.getFileName().toString().contains("-passwords-")))
            .as("no empty file")
            .hasSize(1);
      }

      Path given = tmp.resolve("given.csv");
      Files.writeString(given, "username,password\nta1,ta-pass-1\n");
      Path tas = tmp.resolve("tas.csv");
      Files.writeString(tas, "username\nta1\nta2\n");
      Cli withPasswords =
          Cli.run(
              "users",
              "import",
              "--name",
              hub.name,
              tas.toString(),
              "--passwords",
              given.toString());
      assertThat(withPasswords.out())
          .contains("skipped ta2: no password for it in")
          .contains("1 created, 1 skipped.");
      assertThat(HubClient.at(hub.url()).login("ta1", "ta-pass-1")).isTrue();
    }
  }
}
