package dev.quickhub.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeedListTest {

  private static SeedList parse(String csv) throws IOException {
    return SeedList.parse(new StringReader(csv), "seed.csv", "Nothing was built.");
  }

  /** An account's own group has its name, and a primary group counts as membership. */
  @ParameterizedTest
  @ValueSource(strings = {"root", "sudo", "jupyterhub-admins", "shadow", "docker", "staff"})
  void aUserMayNotBeNamedAfterAPrivilegedGroup(String name) {
    assertThat(UserName.isValid(name)).isFalse();
    assertThatThrownBy(() -> parse("username,admin\n" + name + ",true\n"))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("another privileged group's name");
  }

  @Test
  void shippedSeedListHasAdminWithSudoAndUser1() {
    List<SeedAccount> accounts = SeedList.read(Path.of("users/seed.csv")).accounts();
    assertThat(accounts).extracting(SeedAccount::username).containsExactly("admin", "user1");
    assertThat(accounts.get(0).admin()).isTrue();
    assertThat(accounts.get(0).groups()).containsExactly("sudo");
    assertThat(accounts.get(1).admin()).isFalse();
  }

  @Test
  void quotedFullNamesAndSeveralGroups() throws IOException {
    SeedAccount teacher =
        parse("username,full_name,groups,admin\nteach,\"Doe, Jane\",sudo;course tas,yes\n")
            .accounts()
            .get(0);
    assertThat(teacher.fullName()).isEqualTo("Doe, Jane");
    assertThat(teacher.groups()).containsExactly("sudo", "course", "tas");
    assertThat(teacher.admin()).isTrue();
  }

  @Test
  void onlyUsernameIsRequired() throws IOException {
    SeedAccount student = parse("username\nstudent1\n").accounts().get(0);
    assertThat(student.groups()).isEmpty();
    assertThat(student.admin()).isFalse();
  }

  @Test
  void badUserNameIsRefusedWithLineAndName() {
    assertThatThrownBy(() -> parse("username,admin\nok,false\nBad Name,false\n"))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("'Bad Name'");
  }

  @Test
  void duplicatesAndBadAdminValuesAreRefused() {
    assertThatThrownBy(() -> parse("username\na\na\n")).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> parse("username,admin\na,maybe\n")).hasMessageContaining("'maybe'");
  }

  @Test
  void missingHeaderIsRefused() {
    assertThatThrownBy(() -> parse("name,admin\nalice,false\n")).hasMessageContaining("header");
  }

  @Test
  void userNameRule() {
    assertThat(UserName.isValid("user1")).isTrue();
    assertThat(UserName.isValid("_svc-2")).isTrue();
    assertThat(UserName.isValid("root")).isFalse();
    assertThat(UserName.isValid("1user")).isFalse();
    assertThat(UserName.isValid("User")).isFalse();
    assertThat(UserName.isValid("a".repeat(33))).isFalse();
    assertThat(UserName.isValid("../etc")).isFalse();
  }

  @Test
  void anyBadRowRefusesTheWholeListNamingEveryBadRowByLine() {
    assertThatThrownBy(
            () ->
                parse("username,admin\nok1,false\nBad,false\nok1,false\n,\nok2,perhaps\nok3,yes\n"))
        .isInstanceOf(QuickHubException.class)
        .hasMessage(
            String.join(
                "\n",
                "seed.csv line 3: 'Bad' is not a valid user name; use 1 to 32 lower-case letters,"
                    + " digits, '_' or '-', starting with a letter or '_' (and not 'root' or another privileged group's name).",
                "seed.csv line 4: 'ok1' is listed twice.",
                "seed.csv line 5: no user name; use 1 to 32 lower-case letters, digits, '_' or '-',"
                    + " starting with a letter or '_' (and not 'root' or another privileged group's name).",
                "seed.csv line 6: admin must be true or false, not 'perhaps'.",
                "Nothing was built."));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r", "\n", "\u0000", "\u001b", "\u007f", "\u0085", "\t"})
  void controlCharactersAreRefusedInEveryField(String control) {
    String shown = control.equals("\r") ? "\\r" : control.equals("\n") ? "\\n" : "\\";
    for (String row :
        List.of(
            "\"al" + control + "ice\",Alice,course,false",
            "\"alice" + control + "\",Alice,course,false",
            "alice,\"Ali" + control + "ce\",course,false",
            "alice,Alice,\"course" + control + "x\",false",
            "alice,Alice,course,\"false" + control + "\"")) {
      assertThatThrownBy(() -> parse("username,full_name,groups,admin\nok,,,\n" + row + "\n"))
          .as(row)
          .hasMessageStartingWith("seed.csv line 3: ")
          .hasMessageContaining("contains a control character")
          .hasMessageContaining(shown)
          .satisfies(
              e -> assertThat(e.getMessage().lines().findFirst().get()).doesNotContain(control));
    }
  }

  @Test
  void windowsLineEndingsAreNoControlCharacters() throws IOException {
    List<SeedAccount> accounts =
        parse("username,full_name,groups,admin\r\nalice,Alice A,course,false\r\nbob,,,\r\n")
            .accounts();
    assertThat(accounts).extracting(SeedAccount::username).containsExactly("alice", "bob");
    assertThat(accounts.get(0).fullName()).isEqualTo("Alice A");
    assertThat(accounts.get(0).groups()).containsExactly("course");
  }

  @Test
  void aTrailingNewlineInANameIsNoValidName() {
    assertThat(UserName.isValid("alice\n")).isFalse();
    assertThat(UserName.isValid("alice\r")).isFalse();
    assertThatThrownBy(() -> UserName.require("alice\r\n"))
        .hasMessageStartingWith("'alice\\r\\n' is not a valid user name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"root", "shadow", "disk", "docker", "kmem", "tty", "adm", "staff"})
  void privilegedGroupsAreRefusedEvenForAdmins(String group) {
    for (String admin : List.of("false", "true")) {
      assertThatThrownBy(() -> parse("username,groups,admin\nteach,course;" + group + "," + admin))
          .hasMessageStartingWith("seed.csv line 2: '" + group + "' is a privileged group");
    }
    assertThat(Groups.problem(group, true)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sudo", "jupyterhub-admins"})
  void adminOnlyGroupsNeedAdmin(String group) throws IOException {
    assertThatThrownBy(() -> parse("username,groups,admin\nstudent," + group + ",false"))
        .hasMessageStartingWith("seed.csv line 2: '" + group + "' is for hub admins only");
    assertThatThrownBy(() -> parse("username,groups\nstudent," + group))
        .hasMessageContaining("for hub admins only");
    assertThat(parse("username,groups,admin\nteach," + group + ",true").accounts().get(0).groups())
        .containsExactly(group);
  }

  @Test
  void groupNamesFollowTheUserNameRule() {
    assertThatThrownBy(() -> parse("username,groups\nalice,Course"))
        .hasMessageStartingWith("seed.csv line 2: 'Course' is not a valid group name");
    assertThatThrownBy(() -> parse("username,groups\nalice,../etc"))
        .hasMessageContaining("'../etc' is not a valid group name");
    assertThat(Groups.problem("course-2", false)).isEmpty();
    assertThat(Groups.problem("course\n", false)).get().asString().startsWith("'course\\n'");
  }

  @Test
  void groupsGivenOnTheCommandLineAreCheckedBeforeTheHubIsAsked() {
    HubUsers users = new HubUsers(null, "no-hub");
    assertThatThrownBy(() -> users.add(List.of("alice"), false, List.of("sudo"), Optional.empty()))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("'sudo' is for hub admins only");
    assertThatThrownBy(() -> users.add(List.of("alice"), true, List.of("shadow"), Optional.empty()))
        .hasMessageContaining("'shadow' is a privileged group");
    assertThatThrownBy(() -> users.add(List.of("al\rice"), false, List.of(), Optional.empty()))
        .hasMessageStartingWith("'al\\rice' is not a valid user name");
  }

  @Test
  void aSeedAccountCannotBeMadeWithBadText() {
    assertThatThrownBy(() -> new SeedAccount("alice", "A\rB", List.of(), false))
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> new SeedAccount("alice", "", List.of("docker"), false))
        .hasMessageContaining("privileged");
  }

  @Test
  void aRosterWithABadRowIsRefusedWhole(@TempDir Path dir) throws IOException {
    Path roster = dir.resolve("class.csv");
    Files.writeString(
        roster, "username,full_name,groups,admin\nok1,,,\n\"bad\r\",,,\nok2,,shadow,\nok3,,,\n");
    assertThatThrownBy(() -> SeedList.readRoster(roster))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("class.csv line 3: username 'bad\\r' contains a control character.")
        .hasMessageContaining("class.csv line 4: 'shadow' is a privileged group")
        .hasMessageEndingWith("Fix these rows and import again; nothing was imported.")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ok1", "ok3"));
  }

  @Test
  void aBinaryRosterIsNotACsvTextFile(@TempDir Path dir) throws IOException {
    Path roster = dir.resolve("class.xlsx");
    Files.write(roster, new byte[] {'P', 'K', 3, 4, (byte) 0xff, (byte) 0xfe, 0, 1});
    assertThatThrownBy(() -> SeedList.readRoster(roster))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining(roster + " is not a CSV text file")
        .hasMessageEndingWith("nothing was imported.")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Input length"));
  }

  @Test
  void passwordFileNamesMayHaveNoControlCharacters(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("p.csv");
    Files.writeString(file, "username,password\n\"kim\r\",secret\n");
    assertThatThrownBy(() -> PasswordFile.read(file)).hasMessageContaining("line 2");
    Files.writeString(file, "username,password\nkim,secret\r\n");
    assertThat(PasswordFile.read(file)).containsEntry("kim", "secret");
  }
}
