package dev.quickhub.kernels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quickhub.contract.ImageTool;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.users.UserName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The kernels of a running hub, made by the image's {@code quickhub-kernel} as the user they are
 * for (or as root for everyone's), with its progress passed on as it comes.
 */
public final class HubKernels {

  private static final String TOOL = "quickhub-kernel";

  private final ContainerExec exec;
  private final String container;

  public HubKernels(ContainerExec exec, String container) {
    this.exec = exec;
    this.container = container;
  }

  /** Creates the kernel; fails with the helper's sentence, leaving nothing half made. */
  public void add(KernelRequest request, Consumer<String> output) {
    run(request.user(), request.helperArgs(), output);
  }

  /** The kernels {@code user} can use (everyone's and their own), or everyone's. */
  public String list(Optional<String> user) {
    StringBuilder table =
        new StringBuilder(String.format("%-24s %-7s ENVIRONMENT\n", "NAME", "FOR"));
    for (JsonNode kernel : run(user, List.of("list"), text -> {})) {
      table.append(
          String.format(
              "%-24s %-7s %s\n",
              kernel.path("name").asText(),
              kernel.path("for").asText(),
              kernel.path("environment").asText()));
    }
    return table.toString();
  }

  /** Removes the user's kernel (or everyone's, when {@code user} is empty) and its environment. */
  public void remove(String name, Optional<String> user, Consumer<String> output) {
    List<String> args = new ArrayList<>(List.of("remove", name));
    if (user.isEmpty()) {
      args.add("--system");
    }
    run(user, args, output);
  }

  private JsonNode run(Optional<String> user, List<String> args, Consumer<String> output) {
    user.ifPresent(this::requireUser);
    return ImageTool.in(exec, container, user.orElse(null))
        .saying(error -> Message.of("The kernel helper says: {}", error))
        .run(TOOL, args, null, Progress.lines(line -> output.accept(line + "\n")));
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
