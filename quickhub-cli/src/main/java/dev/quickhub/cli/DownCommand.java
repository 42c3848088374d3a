package dev.quickhub.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Option(
      names = "--ephemeral",
      paramLabel = "NAME",
      description =
          "Remove every trace of hub NAME made by 'up --ephemeral': container and volumes. Refuses"
              + " any other hub.")
  String ephemeral;

  @Override
  public Integer call() {
    if (ephemeral != null) {
      List<String> removed =
          hub.engine.hub(spec.commandLine().getErr()).name(ephemeral).build().downEphemeral();
      spec.commandLine().getOut().println("Removed " + String.join(", ", removed) + ".");
      return 0;
    }
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
