package dev.quickhub.cli;

import dev.quickhub.course.Assignment;
import dev.quickhub.course.HubCourse;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    header = "Where each student stands: released, changed since, collected, returned.",
    description = {
      "One row per member of the course: when the assignment was released to them, whether they"
          + " changed it since, and when it was last collected and returned.",
      ""
    })
final class CourseStatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;
  @Mixin JsonOutput json;

  @Mixin AssignmentParameters names;

  /** A student's row for scripts: ISO 8601 times, null where there is none. */
  record Row(
      String student,
      String released,
      Boolean changed,
      String collected,
      String returned,
      String detail) {

    static Row of(HubCourse.Standing standing) {
      return new Row(
          standing.student(),
          iso(standing.released()),
          standing.changed().orElse(null),
          iso(standing.collected()),
          iso(standing.returned()),
          standing.detail());
    }

    private static String iso(Optional<Instant> time) {
      return time.map(Instant::toString).orElse(null);
    }
  }

  @Override
  public Integer call() {
    Assignment asked = names.assignment();
    List<HubCourse.Standing> standings =
        hub.hub(spec.commandLine().getErr()).build().course().status(asked);
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled) {
      JsonOutput.print(out, standings.stream().map(Row::of).toList());
      return 0;
    }
    String row = "%-20s %-20s  %-7s  %-20s  %-20s  %s%n";
    out.printf(row, "STUDENT", "RELEASED", "CHANGED", "COLLECTED", "RETURNED", "NOTE");
    for (HubCourse.Standing standing : standings) {
      out.printf(
          row,
          standing.student(),
          CourseOutcomes.time(standing.released()),
          standing.changed().map(changed -> changed ? "yes" : "no").orElse("-"),
          CourseOutcomes.time(standing.collected()),
          CourseOutcomes.time(standing.returned()),
          standing.detail());
    }
    if (standings.isEmpty()) {
      out.println("No member of course " + names.course + ".");
    }
    out.flush();
    return 0;
  }
}
