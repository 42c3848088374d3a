package dev.quickhub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "course",
    mixinStandardHelpOptions = true,
    header = "Course material for the hub's students.",
    description = {
      "Material reaches students by link: nbgitpuller (in the image) pulls a git repository into"
          + " each student's home when they open the link, keeping their own edits.",
      ""
    },
    subcommands = {CourseLinkCommand.class})
final class CourseCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
