package dev.quickhub.cli;

import dev.quickhub.course.HubCourse;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the course commands print what they did: a line per student, then the counts. */
final class CourseOutcomes {

  private CourseOutcomes() {}

  /**
   * "s1: released (3 files)" for each student, then "2 released, 1 skipped."; returns the exit
   * code.
   */
  static int print(PrintWriter out, String course, List<HubCourse.Outcome> outcomes) {
    for (HubCourse.Outcome outcome : outcomes) {
      out.println(
          outcome.student()
              + ": "
              + outcome.outcome()
              + (outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")"));
    }
    List<String> words = outcomes.stream().map(HubCourse.Outcome::outcome).toList();
    out.println(counts(words, course) + ".");
    out.flush();
    return exitCode(words);
  }

  /** 1 when the step failed for a student (their line says why), so scripts notice; else 0. */
  static int exitCode(List<String> outcomes) {
    return outcomes.contains("failed") ? 1 : 0;
  }

  /** "2 released, 1 skipped" in the order the outcomes first appear; none: no member. */
  static String counts(List<String> outcomes, String course) {
    if (outcomes.isEmpty()) {
      return "No member of course " + course;
    }
    Map<String, Long> counts =
        outcomes.stream()
            .collect(
                Collectors.groupingBy(
                    outcome -> outcome, LinkedHashMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .map(count -> count.getValue() + " " + count.getKey())
        .collect(Collectors.joining(", "));
  }

  /** A time to the second, in UTC as ISO 8601 ("2025-06-30T23:59:00Z"), or "-". */
  static String time(Optional<Instant> time) {
    return time.map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("-");
  }
}
