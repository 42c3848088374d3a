package dev.quickhub.course;

import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.users.Groups;
import java.util.regex.Pattern;

/**
 * The names of courses and assignments, checked before the hub is asked: both become folder names
 * in students' homes, so neither may hold a slash or be a dot name.
 */
public final class CourseNames {

  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /** The teacher's folder of collected work beside the assignments: no assignment may take it. */
  static final String COLLECTED = "collected";

  private CourseNames() {}

  /**
   * Returns the course, or fails: a course is a group of the hub ({@link Groups#requireCourse}).
   */
  public static String requireCourse(String course) {
    return Groups.requireCourse(course);
  }

  /** Returns the assignment, or fails: it names a folder in each student's course folder. */
  public static String requireAssignment(String assignment) {
    if (assignment == null || !ASSIGNMENT.matcher(assignment).matches()) {
      throw new QuickHubException(
          ControlCharacters.quoted(assignment)
              + " is not an assignment name: use 1 to 64 letters, digits, '_' or '-', starting"
              + " with a letter or digit.");
    }
    if (assignment.equals(COLLECTED)) {
      throw new QuickHubException(
          "'"
              + COLLECTED
              + "' is the teacher's folder of collected work in each course, so no assignment may"
              + " be named so: choose another name.");
    }
    return assignment;
  }
}
