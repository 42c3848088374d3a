package dev.quickhub.runtime;

import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.report.QuickHubException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starts users' JupyterLab servers before they log in (a class about to begin), through the image's
 * {@code quickhub-servers} tool, which asks the hub's API with quickhub's own service token.
 */
public final class HubServers {

  private static final String TOOL = ImageContract.get().toolPath("quickhub-servers");

  private final ContainerExec exec;
  private final String container;

  public HubServers(ContainerExec exec, String container) {
    this.exec = exec;
    this.container = container;
  }

  /**
   * Starts the servers of {@code users} (all accounts when empty) and waits until each is ready,
   * passing the tool's progress lines to {@code output}.
   */
  public void start(List<String> users, Consumer<String> output) {
    List<String> command = new ArrayList<>(List.of(TOOL, "start"));
    if (users.isEmpty()) {
      command.add("--all");
    } else {
      command.addAll(users);
    }
    ContainerExec.Result result = exec.run(container, null, null, command, output);
    if (!result.ok()) {
      throw new QuickHubException(
          result
              .toolSentence("quickhub-servers")
              .orElse("Starting the servers failed: " + result.stderr().strip()));
    }
  }
}
