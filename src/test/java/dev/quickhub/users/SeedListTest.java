package dev.quickhub.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.QuickHubException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedListTest {

  private static SeedList parse(String csv) throws IOException {
    return SeedList.parse(new StringReader(csv), "seed.csv");
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
        parse("username,full_name,groups,admin\nteach,\"Doe, Jane\",sudo;course staff,yes\n")
            .accounts()
            .get(0);
    assertThat(teacher.fullName()).isEqualTo("Doe, Jane");
    assertThat(teacher.groups()).containsExactly("sudo", "course", "staff");
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
  void rosterKeepsGoodRowsAndNamesEachBadOne() throws IOException {
    SeedList roster =
        SeedList.parseLenient(
            new StringReader(
                "username,admin\nok1,false\nBad,false\nok1,false\n,\nok2,perhaps\nok3,yes\n"),
            "class.csv");
    assertThat(roster.accounts()).extracting(SeedAccount::username).containsExactly("ok1", "ok3");
    assertThat(roster.problems())
        .containsExactly(
            "class.csv line 3: 'Bad' is not a valid user name; use lower-case letters, digits, '_' or '-', starting with a letter.",
            "class.csv line 4: 'ok1' is listed twice.",
            "class.csv line 5: no user name; use lower-case letters, digits, '_' or '-', starting with a letter.",
            "class.csv line 6: admin must be true or false, not 'perhaps'.");
  }
}
