package dev.quickhub.cli;

import dev.quickhub.course.ArchiveFile;
import dev.quickhub.course.CourseNames;
import dev.quickhub.course.HubCourse;
import dev.quickhub.users.UserName;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    header = "Write a course's collected work and feedback to one archive (end of term).",
    description = {
      "The teacher's ~/notebook/COURSE/collected/ (every assignment's collected work, summaries"
          + " and the feedback returned) as one gzip'd tar, written to FILE on this machine with"
          + " mode 0600: it holds students' work. FILE must not exist yet.",
      ""
    })
final class CourseArchiveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Parameters(index = "0", paramLabel = "COURSE", description = "The course (its group).")
  String course;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "The archive to write (a new file), e.g. c101-2025.tar.gz.")
  Path output;

  @Option(
      names = "--teacher",
      paramLabel = "USER",
      description = "Whose collected folder (default: the first admin of the seed list).")
  String teacher;

  @Override
  public Integer call() {
    CourseNames.requireCourse(course);
    Optional<String> owner = Optional.ofNullable(teacher).map(UserName::require);
    ArchiveFile.requireNew(output);
    HubCourse.Archived archived =
        hub.hub(spec.commandLine().getErr()).build().course().archive(course, owner, output);
    spec.commandLine()
        .getOut()
        .printf(
            "Archived course %s (%s) to %s (%s, mode 0600).%n",
            course,
            archived.assignments().isEmpty()
                ? "no assignment collected yet"
                : String.join(", ", archived.assignments()),
            archived.file(),
            LsCommand.size(archived.bytes()));
    return 0;
  }
}
