package dev.quickhub.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CourseNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"c101", "_ta", "stats-2025", "a"})
  void courseNamesFollowTheUserNameRule(String course) {
    assertThat(CourseNames.requireCourse(course)).isEqualTo(course);
  }

  @ParameterizedTest
  @ValueSource(strings = {"C101", "1course", "a/b", "..", "c.101", "", "c101\n", "sudo", "docker"})
  void otherCourseNamesAreRefused(String course) {
    assertThatThrownBy(() -> CourseNames.requireCourse(course))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("is not a course name: a course is a group of the hub, named with 1")
        .hasMessageEndingWith("(and not a privileged or admin group such as sudo).");
  }

  @Test
  void theAdminGroupIsNoCourse() {
    assertThatThrownBy(() -> CourseNames.requireCourse("jupyterhub-admins"))
        .hasMessageStartingWith("'jupyterhub-admins' is not a course name");
  }

  @Test
  void aControlCharacterIsShownEscaped() {
    assertThatThrownBy(() -> CourseNames.requireCourse("c\u001b[2J"))
        .hasMessageStartingWith("'c\\u001b[2J' is not a course name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hw1", "HW-1", "1_intro", "a"})
  void assignmentNames(String assignment) {
    assertThat(CourseNames.requireAssignment(assignment)).isEqualTo(assignment);
    String longest = "x".repeat(64);
    assertThat(CourseNames.requireAssignment(longest)).isEqualTo(longest);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-hw", "_hw", "hw/1", "..", ".hw", "hw.1", "hw 1", "hw1\n"})
  void badAssignmentNamesAreRefused(String assignment) {
    assertThatThrownBy(() -> CourseNames.requireAssignment(assignment))
        .isInstanceOf(QuickHubException.class)
        .hasMessageEndingWith(
            " is not an assignment name: use 1 to 64 letters, digits, '_' or '-', starting with a"
                + " letter or digit.");
  }

  @Test
  void anAssignmentNameIsAtMost64Long() {
    assertThatThrownBy(() -> CourseNames.requireAssignment("x".repeat(65)))
        .hasMessageContaining("is not an assignment name");
  }

  @Test
  void collectedIsTheTeachersFolder() {
    assertThatThrownBy(() -> CourseNames.requireAssignment("collected"))
        .hasMessage(
            "'collected' is the teacher's folder of collected work in each course, so no"
                + " assignment may be named so: choose another name.");
    assertThat(CourseNames.requireAssignment("Collected")).isEqualTo("Collected");
  }

  @Test
  void anAssignmentChecksBothNames() {
    assertThat(new Assignment("c101", "hw1")).hasToString("c101/hw1");
    assertThatThrownBy(() -> new Assignment("c/101", "hw1"))
        .hasMessageStartingWith("'c/101' is not a course name");
    assertThatThrownBy(() -> new Assignment("c101", "../hw1"))
        .hasMessageStartingWith("'../hw1' is not an assignment name");
  }
}
