package dev.quickhub.kernels;

import dev.quickhub.engine.ContainerExec;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.users.UserName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The kernels of a running hub, made by the image's {@code quickhub-kernel} as the user they are
 * for (or as root for everyone's), with its output passed on as it comes.
 */
public final class HubKernels {

  private static final String TOOL = "/opt/quickhub/bin/quickhub-kernel";

  private final ContainerExec exec;
  private final String container;

  public HubKernels(ContainerExec exec, String container) {
    this.exec = exec;
    this.container = container;
  }

  /** Creates the kernel; fails with the helper's sentence, leaving nothing half made. */
  public void add(KernelRequest request, Consumer<String> output) {
    List<String> command = new ArrayList<>(List.of(TOOL));
    command.addAll(request.helperArgs());
    run(request.user(), command, output);
  }

  /** The kernels {@code user} can use (everyone's and their own), or everyone's. */
  public String list(Optional<String> user) {
    StringBuilder text = new StringBuilder();
    run(user, List.of(TOOL, "list"), text::append);
    return text.toString();
  }

  /** Removes the user's kernel (or everyone's, when {@code user} is empty) and its environment. */
  public void remove(String name, Optional<String> user, Consumer<String> output) {
    List<String> command = new ArrayList<>(List.of(TOOL, "remove", name));
    if (user.isEmpty()) {
      command.add("--system");
    }
    run(user, command, output);
  }

  private void run(Optional<String> user, List<String> command, Consumer<String> output) {
    user.ifPresent(this::requireUser);
    ContainerExec.Result result = exec.run(container, user.orElse(null), null, command, output);
    if (!result.ok()) {
      throw new QuickHubException(
          "The kernel helper says: "
              + result.toolSentence("quickhub-kernel").orElse(result.stderr().strip()));
    }
  }

  private void requireUser(String user) {
    UserName.require(user);
    if (!exec.run(container, List.of("getent", "passwd", user)).ok()) {
      throw new QuickHubException(
          Message.of(
              "There is no user '{}' in the hub; {} shows the accounts.",
              user,
              Call.of(Call.Command.USERS_LIST)));
    }
  }
}
