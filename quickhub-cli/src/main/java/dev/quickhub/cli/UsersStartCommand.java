package dev.quickhub.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    header = "Start users' JupyterLab servers now, before they log in (before a class).",
    description = {
      "A server takes a couple of CPU-seconds to start, so a whole class logging in at once waits"
          + " for all of them; started before, a login reaches JupyterLab at once. The hub starts"
          + " them one per CPU at a time; progress is shown. Servers stopped by --cull-idle"
          + " stay stopped until used.",
      ""
    })
final class UsersStartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @ArgGroup(exclusive = true)
  Servers servers;

  /** Whose servers: every account's, or the ones named; picocli refuses both. */
  static final class Servers {
    @Option(names = "--all", required = true, description = "Every account's server.")
    boolean all;

    @Parameters(paramLabel = "USER", arity = "1..*", description = "These users' servers.")
    List<String> users;
  }

  @Override
  public Integer call() {
    if (servers == null) {
      // Neither: a sentence of our own, as picocli's names the group by its syntax only.
      throw new ParameterException(
          spec.commandLine(), "Give either --all or user names, e.g. 'users start --all'.");
    }
    var out = spec.commandLine().getOut();
    hub.hub(spec.commandLine().getErr())
        .build()
        .servers()
        .start(
            servers.all ? List.of() : servers.users,
            text -> {
              out.print(text);
              out.flush();
            });
    return 0;
  }
}
