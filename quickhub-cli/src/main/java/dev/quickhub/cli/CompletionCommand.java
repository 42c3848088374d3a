package dev.quickhub.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Prints picocli's completion script for the whole launcher. Like picocli's own {@code
 * generate-completion}, but named {@code completion} with its help saying so; the Debian package
 * installs its output.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    header = "Print a bash (and zsh) completion script for quickhub.",
    description = {
      "Completes commands, options and their values. For the current shell:",
      "",
      "  source <(quickhub completion)",
      "",
      "(zsh runs the script through bashcompinit, which the script loads.)",
      ""
    })
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    var out = spec.commandLine().getOut();
    out.print(AutoComplete.bash(root.getCommandName(), root));
    out.flush();
    return 0;
  }
}
