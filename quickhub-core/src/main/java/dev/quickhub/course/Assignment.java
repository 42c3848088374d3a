package dev.quickhub.course;

/**
 * An assignment of a course, both names checked ({@link CourseNames}) when it is made, so a bad
 * name is refused before any hub is asked.
 */
public record Assignment(String course, String name) {

  public Assignment {
    CourseNames.requireCourse(course);
    CourseNames.requireAssignment(name);
  }

  @Override
  public String toString() {
    return course + "/" + name;
  }
}
