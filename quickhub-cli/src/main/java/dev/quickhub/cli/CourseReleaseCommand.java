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
    name = "release",
    mixinStandardHelpOptions = true,
    header = "Copy a folder of material into every course member's notebook folder.",
    description = {
      "DIR (on this machine) is copied into ~/notebook/COURSE/ASSIGNMENT/ of every member of the"
          + " course (the group COURSE), owned by the student, while the hub runs. A file the"
          + " student changed is never overwritten: the newer teacher version goes beside it, with"
          + " a note. Releasing again updates what the student did not change. DIR may hold"
          + " folders, files and links that stay inside it; anything else is refused before"
          + " anything is copied. Exits with 1 when it failed for a student.",
      ""
    })
final class CourseReleaseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Mixin AssignmentParameters names;

  @Parameters(index = "2", paramLabel = "DIR", description = "The folder of material to copy.")
  Path dir;

  @Override
  public Integer call() {
    // Checked before asking the engine: bad input needs no hub.
    Assignment released = names.assignment();
    CourseFolder material = CourseFolder.read(dir);
    List<HubCourse.Outcome> outcomes =
        hub.hub(spec.commandLine().getErr()).build().course().release(released, material);
    return CourseOutcomes.print(spec.commandLine().getOut(), names.course, outcomes);
  }
}
