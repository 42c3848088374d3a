package dev.quickhub.cli;

import dev.quickhub.runtime.HubStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    header = "Show the hub: container state, URL, image, base date, volumes and accounts.",
    description = {"Exits with 3 when the hub has no container (also with --json).", ""})
final class StatusCommand implements Callable<Integer> {

  static final int NOT_RUNNING = 3;

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;
  @Mixin JsonOutput json;

  @Override
  public Integer call() {
    HubStatus status = hub.hub(spec.commandLine().getErr()).build().status();
    if (json.enabled) {
      JsonOutput.print(spec.commandLine().getOut(), JsonOutput.status(status, hub.remembered()));
    } else {
      StatusPrinter.status(spec.commandLine().getOut(), status, hub.remembered());
    }
    return "absent".equals(status.state()) ? NOT_RUNNING : 0;
  }
}
