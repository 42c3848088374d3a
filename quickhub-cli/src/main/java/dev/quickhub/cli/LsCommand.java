package dev.quickhub.cli;

import dev.quickhub.runtime.HubSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    header = "List the hubs on the engine: state, URL, users, disk use and where servers run.",
    description = {
      "Every hub quickhub made on the engine, running or down (a hub whose container is gone but"
          + " whose volumes remain is 'down'). Users are counted in running hubs only; with servers"
          + " in containers, so are the running user containers.",
      ""
    })
final class LsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin JsonOutput json;

  @Override
  public Integer call() {
    List<HubSummary> hubs = engine.hub(spec.commandLine().getErr()).build().hubs();
    var out = spec.commandLine().getOut();
    if (json.enabled) {
      JsonOutput.print(out, hubs);
      return 0;
    }
    if (hubs.isEmpty()) {
      out.println("No hubs; start one with 'quickhub up'.");
      return 0;
    }
    out.printf(
        "%-24s %-10s %-28s %5s %9s  %s%n", "NAME", "STATE", "URL", "USERS", "DISK", "SERVERS");
    for (HubSummary hub : hubs) {
      out.printf(
          "%-24s %-10s %-28s %5s %9s  %s%n",
          hub.name(),
          hub.state(),
          hub.url().isEmpty() ? "-" : hub.url(),
          hub.users() < 0 ? "-" : String.valueOf(hub.users()),
          size(hub.diskBytes()),
          StatusPrinter.servers(hub.servers()));
    }
    out.flush();
    return 0;
  }

  static String size(long bytes) {
    if (bytes < 0) {
      return "?";
    }
    if (bytes < 1024 * 1024) {
      return (bytes + 1023) / 1024 + " KB";
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }
    return String.format("%.2f GB", bytes / (1024.0 * 1024 * 1024));
  }
}
