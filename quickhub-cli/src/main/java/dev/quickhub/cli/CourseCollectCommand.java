package dev.quickhub.cli;

import dev.quickhub.course.Assignment;
import dev.quickhub.course.CollectedCopy;
import dev.quickhub.course.HubCourse;
import dev.quickhub.report.ControlCharacters;
import dev.quickhub.users.UserName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    header = "Snapshot every student's assignment folder into the teacher's collected folder.",
    description = {
      "Each member's ~/notebook/COURSE/ASSIGNMENT/ is copied (content and each file's time) into"
          + " ~/notebook/COURSE/collected/ASSIGNMENT/STUDENT/ of the teacher (--teacher, default"
          + " the first admin of the seed list), owned by the teacher, with summary.csv beside:"
          + " one row per student (files, last change, late). Collecting again takes a new"
          + " snapshot; a later --due clears 'late'. With -o the collected work and summary.csv"
          + " are also copied to DIR on this machine (made when missing; each student's folder"
          + " there is replaced). Exits with 1 when it failed for a student.",
      ""
    })
final class CourseCollectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Mixin AssignmentParameters names;

  @Option(
      names = "--due",
      paramLabel = "TIME",
      description =
          "The deadline, ISO 8601 with Z or an offset, e.g. 2025-06-30T23:59:00Z: work changed"
              + " after it is marked late.")
  String due;

  @Option(
      names = "--teacher",
      paramLabel = "USER",
      description = "Who gets the collected work (default: the first admin of the seed list).")
  String teacher;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Also copy the collected work and summary.csv to DIR on this machine.")
  Path output;

  @Override
  public Integer call() {
    Assignment collected = names.assignment();
    Optional<Instant> deadline = Optional.ofNullable(due).map(this::time);
    Optional<String> owner = Optional.ofNullable(teacher).map(UserName::require);
    Optional<Path> copyTo = Optional.ofNullable(output).map(CollectedCopy::requireFolder);
    HubCourse.Collected result =
        hub.hub(spec.commandLine().getErr())
            .build()
            .course()
            .collect(collected, deadline, owner, copyTo);
    print(spec.commandLine().getOut(), result);
    return CourseOutcomes.exitCode(
        result.students().stream().map(HubCourse.Work::outcome).toList());
  }

  private Instant time(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(),
          ControlCharacters.quoted(text)
              + " is not a time: give an ISO 8601 time such as 2025-06-30T23:59:00Z.");
    }
  }

  private void print(PrintWriter out, HubCourse.Collected result) {
    String row = "%-20s %-10s %5s  %-20s  %-4s  %s%n";
    out.printf(row, "STUDENT", "OUTCOME", "FILES", "LAST CHANGE", "LATE", "NOTE");
    long late = 0;
    for (HubCourse.Work work : result.students()) {
      boolean collectedWork = work.outcome().equals("collected");
      out.printf(
          row,
          work.student(),
          work.outcome(),
          collectedWork ? String.valueOf(work.files()) : "-",
          CourseOutcomes.time(work.lastChange()),
          work.late() ? "late" : "",
          work.detail());
      late += work.late() ? 1 : 0;
    }
    out.println(
        CourseOutcomes.counts(
                result.students().stream().map(HubCourse.Work::outcome).toList(), names.course)
            + (late > 0 ? "; " + late + " late." : "."));
    out.println(
        "Collected into "
            + result.folder()
            + " in the hub (owned by "
            + result.teacher()
            + "); summary: "
            + result.summary()
            + ".");
    result
        .copiedTo()
        .ifPresent(
            dir -> out.println("Copied to " + dir + "; summary: " + dir.resolve("summary.csv")));
    out.flush();
  }
}
