package dev.quickhub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "course",
    mixinStandardHelpOptions = true,
    header = "Course material and assignments for the hub's students.",
    description = {
      "A course is a group of the hub ('users import --course NAME' puts a roster in it). An"
          + " assignment goes round in four steps, each run while the hub runs, reported per"
          + " student and safe to run again: release (material into each member's"
          + " ~/notebook/COURSE/ASSIGNMENT/) -> collect (their work into the teacher's"
          + " ~/notebook/COURSE/collected/ASSIGNMENT/) -> return (feedback into each one's"
          + " ASSIGNMENT/feedback/) -> archive (the course's collected work to one file at the end"
          + " of term); status tells where each student stands. Folders named here are on this"
          + " machine. Material also reaches students by link: nbgitpuller pulls a git repository"
          + " into each student's home when they open it, keeping their own edits.",
      ""
    },
    subcommands = {
      CourseLinkCommand.class,
      CourseReleaseCommand.class,
      CourseCollectCommand.class,
      CourseReturnCommand.class,
      CourseStatusCommand.class,
      CourseArchiveCommand.class
    })
final class CourseCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
