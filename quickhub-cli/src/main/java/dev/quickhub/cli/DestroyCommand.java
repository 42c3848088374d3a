package dev.quickhub.cli;

import dev.quickhub.system.Dirs;
import java.io.Console;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "destroy",
    mixinStandardHelpOptions = true,
    header = "Remove the hub's container and volumes: every home, account and hub state.",
    description = {
      "Asks to type the hub's name first; --yes skips that for scripts. Only volumes quickhub created"
          + " (labelled quickhub.hub=HUB) are removed; others are named and left alone. With servers"
          + " in containers, the gate, the user containers, the private network and the gate's"
          + " volume go too. The summary names everything removed.",
      ""
    })
final class DestroyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (!yes) {
      Console console = System.console();
      if (console == null) {
        err.println(
            "quickhub: Refusing to destroy hub "
                + hub.name
                + " without confirmation: run it on a terminal,"
                + " or add --yes.");
        return 1;
      }
      String typed =
          console.readLine(
              "This deletes hub %s with all its homes, accounts and state. Type its name to confirm: ",
              hub.name);
      if (!hub.name.equals(typed == null ? "" : typed.strip())) {
        err.println("quickhub: Not confirmed; nothing was removed.");
        return 1;
      }
    }
    List<String> removed = hub.hub(err).build().destroy();
    HubSettings.forget(Dirs.hubSettings(), hub.name);
    out.println(
        removed.isEmpty()
            ? "Hub " + hub.name + " had nothing to remove."
            : "Removed " + String.join(", ", removed) + ".");
    return 0;
  }
}
