package dev.quickhub.cli;

import dev.quickhub.course.Assignment;
import picocli.CommandLine.Parameters;

/** The COURSE and ASSIGNMENT that the course commands begin with. */
final class AssignmentParameters {

  @Parameters(index = "0", paramLabel = "COURSE", description = "The course (its group).")
  String course;

  @Parameters(index = "1", paramLabel = "ASSIGNMENT", description = "The assignment, e.g. hw1.")
  String assignment;

  /** Both, checked: bad names are refused before the engine is asked. */
  Assignment assignment() {
    return new Assignment(course, assignment);
  }
}
