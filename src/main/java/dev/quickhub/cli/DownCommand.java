package dev.quickhub.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    header = "Stop and remove the hub's container; its volumes stay.",
    description = {
      "'quickhub up' brings the same hub back, with every file, account and password.",
      ""
    })
final class DownCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Override
  public Integer call() {
    boolean removed = hub.hub(spec.commandLine().getErr()).build().down();
    spec.commandLine()
        .getOut()
        .println(
            removed
                ? "Hub " + hub.name + " is down; its volumes are kept."
                : "Hub " + hub.name + " has no container; nothing to stop.");
    return 0;
  }
}
