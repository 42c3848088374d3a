package dev.quickhub.cli;

import dev.quickhub.course.Assignment;
import dev.quickhub.course.CourseFolder;
import dev.quickhub.course.HubCourse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "return",
    mixinStandardHelpOptions = true,
    header = "Give each student their feedback: DIR/STUDENT/* into their assignment's feedback/.",
    description = {
      "DIR (on this machine) holds one folder per student, named as their account; each goes into"
          + " that student's ~/notebook/COURSE/ASSIGNMENT/feedback/, owned by the student. What"
          + " else is at DIR's top (summary.csv, say) is left out and said so. A student no longer"
          + " in the course is skipped. Links must stay inside their student's folder. Exits with 1"
          + " when it failed for a student.",
      ""
    })
final class CourseReturnCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Mixin AssignmentParameters names;

  @Parameters(
      index = "2",
      paramLabel = "DIR",
      description = "The folder of feedback: DIR/STUDENT/... for each student.")
  Path dir;

  @Override
  public Integer call() {
    Assignment returned = names.assignment();
    CourseFolder feedback = CourseFolder.perStudent(dir);
    List<HubCourse.Outcome> outcomes =
        hub.hub(spec.commandLine().getErr()).build().course().giveBack(returned, feedback);
    return CourseOutcomes.print(spec.commandLine().getOut(), names.course, outcomes);
  }
}
