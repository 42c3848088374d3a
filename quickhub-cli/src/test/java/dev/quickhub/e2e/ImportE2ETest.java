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
  void rosterOf30IsRefusedWholeWithABadRowThenCreatedAndIsIdempotent() throws Exception {
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
      String header = "username,full_name,groups,admin\n";
      String good = students + "\nreturning,,,\nmallory,,,\n";
      Path roster = tmp.resolve("class.csv");
      Files.writeString(
          roster,
          header
              + good
              + "BadName,Upper Case,,false\n1digit,,,\nstudent3,Twice,,\n,no name,,\nteacher,Teacher,,maybe\n"
              + "\"eve\r\",Eve,,false\nfinn,\"Finn\rroot2::0:0::/root:/bin/bash\",,\n"
              + "gus,,course;shadow,false\nhal,,sudo,false\n");

      Cli refused = Cli.run("users", "import", "--name", hub.name, roster.toString());
      assertThat(refused.exitCode()).as(refused.out()).isNotZero();
      assertThat(refused.err())
          .contains("class.csv line 34: 'BadName' is not a valid user name")
          .contains("class.csv line 35: '1digit' is not a valid user name")
          .contains("class.csv line 36: 'student3' is listed twice")
          .contains("class.csv line 37: no user name")
          .contains("class.csv line 38: admin must be true or false, not 'maybe'")
          .contains("class.csv line 39: username 'eve\\r' contains a control character")
          .contains("class.csv line 40: full_name 'Finn\\rroot2::0:0::/root:/bin/bash' contains a")
          .contains("class.csv line 41: 'shadow' is a privileged group")
          .contains("class.csv line 42: 'sudo' is for hub admins only")
          .contains("nothing was imported")
          .doesNotContain("\r");
      assertThat(hub.exec(null, null, "getent", "passwd", "student1").exitCode())
          .as("nothing created")
          .isNotZero();
      assertThat(hub.exec(null, null, "grep", "-c", "root2", "/etc/passwd").stdout().strip())
          .isEqualTo("0");
      assertThat(hub.exec(null, null, "getent", "group", "course").exitCode()).isNotZero();
      try (var files = Files.list(tmp)) {
        assertThat(files.filter(p -> p.getFileName().toString().contains("-passwords-")))
            .as("no password file written")
            .isEmpty();
      }

      // The tool in the hub checks the same rules itself, for admins who run it there.
      var tool =
          hub.exec(
              null,
              "{\"username\": \"ok1\"}\n{\"username\": \"x\\r\"}\n"
                  + "{\"username\": \"ok2\", \"groups\": [\"disk\"]}\n",
              "/opt/quickhub/bin/quickhub-users",
              "import");
      assertThat(tool.exitCode()).isNotZero();
      assertThat(tool.stderr())
          .contains("row 2: username 'x\\r' contains a control character")
          .contains("row 3: 'disk' is a privileged group")
          .contains("Nothing was imported.");
      assertThat(hub.exec(null, null, "getent", "passwd", "ok1").exitCode()).isNotZero();
      var trailingNewline =
          hub.exec(null, null, "/opt/quickhub/bin/quickhub-users", "add", "bob\n", "--random");
      assertThat(trailingNewline.exitCode()).isNotZero();
      assertThat(trailingNewline.stderr()).contains("'bob\\n' is not a valid user name");
      var shadow =
          hub.exec(
              null, null, "/opt/quickhub/bin/quickhub-users", "add", "bob", "--group", "shadow");
      assertThat(shadow.stderr()).contains("'shadow' is a privileged group");
      assertThat(hub.exec(null, null, "getent", "passwd", "bob").exitCode()).isNotZero();
      Cli sudo = Cli.run("users", "add", "--name", hub.name, "bob", "--group", "sudo");
      assertThat(sudo.exitCode()).isNotZero();
      assertThat(sudo.err()).contains("'sudo' is for hub admins only");

      Files.writeString(roster, header + good);
      Cli imported = Cli.run("users", "import", "--name", hub.name, roster.toString());
      assertThat(imported.exitCode()).as(imported.err()).isZero();
      assertThat(imported.out())
          .contains("skipped mallory: /home/mallory exists and belongs to root")
          .contains("31 created, 1 skipped.");
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
          .contains("0 created, 32 skipped.")
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
