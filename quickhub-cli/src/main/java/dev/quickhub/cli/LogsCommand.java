package dev.quickhub.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    header = "Print the hub's log (JupyterHub, proxy, account seeding).",
    description = {""})
final class LogsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines until interrupted.")
  boolean follow;

  @Option(
      names = "--tail",
      paramLabel = "N",
      defaultValue = "-1",
      description = "Only the last N lines (default: all).")
  int tail;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    hub.hub(spec.commandLine().getErr())
        .build()
        .logs(
            follow,
            tail,
            text -> {
              out.print(text);
              out.flush();
            });
    return 0;
  }
}
