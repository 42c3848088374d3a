package dev.quickhub.runtime;

import dev.quickhub.contract.ImageTool;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.report.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starts users' JupyterLab servers before they log in (a class about to begin), through the image's
 * {@code quickhub-servers} tool, which asks the hub's API with quickhub's own service token.
 */
public final class HubServers {

  private final ImageTool tools;

  public HubServers(ContainerExec exec, String container) {
    this.tools = ImageTool.in(exec, container);
  }

  /**
   * Starts the servers of {@code users} (all accounts when empty) and waits until each is ready,
   * passing the tool's progress lines to {@code output}.
   */
  public void start(List<String> users, Consumer<String> output) {
    List<String> args = new ArrayList<>(List.of("start"));
    if (users.isEmpty()) {
      args.add("--all");
    } else {
      args.addAll(users);
    }
    tools.run("quickhub-servers", args, null, Progress.lines(line -> output.accept(line + "\n")));
  }
}
