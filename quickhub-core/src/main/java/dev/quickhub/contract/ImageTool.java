package dev.quickhub.contract;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Bind;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.OneShot;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs the image's tools ({@code image/bin}) and reads their one way of answering ({@code
 * image/lib/quickhub_tool.py}): progress lines go to a {@link Progress}, the final line's result is
 * returned, its error sentence thrown as a {@link QuickHubException}. Secrets go on stdin only,
 * never on the command line.
 */
public final class ImageTool {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs a command, passing its stdout on as it comes; {@code stdin} null: none. */
  @FunctionalInterface
  private interface Runner {
    ContainerExec.Result run(List<String> command, String stdin, Consumer<String> stdout);
  }

  private final Runner runner;
  private final boolean asUser;
  private final UnaryOperator<Message> words;

  private ImageTool(Runner runner, boolean asUser, UnaryOperator<Message> words) {
    this.runner = runner;
    this.asUser = asUser;
    this.words = words;
  }

  /** The tools of running container {@code container}, run as root. */
  public static ImageTool in(ContainerExec exec, String container) {
    return in(exec, container, null);
  }

  /** The tools of running container {@code container}, run as {@code user} (null: root). */
  public static ImageTool in(ContainerExec exec, String container, String user) {
    return new ImageTool(
        (command, stdin, stdout) -> exec.run(container, user, stdin, command, stdout),
        user != null,
        UnaryOperator.identity());
  }

  /**
   * The tools of image {@code image}, each run as root in a one-shot container on {@code binds},
   * labelled for {@code hub}, while no hub uses those volumes. They get no stdin.
   */
  public static ImageTool oneShot(OneShot oneShot, String image, String hub, List<Bind> binds) {
    return new ImageTool(
        (command, stdin, stdout) -> {
          if (stdin != null) {
            throw new IllegalArgumentException("a one-shot container gets no stdin");
          }
          ContainerExec.Result result =
              oneShot.run(image, hub, binds, command.toArray(String[]::new));
          stdout.accept(result.stdout());
          return result;
        },
        false,
        UnaryOperator.identity());
  }

  /**
   * These tools, with each error sentence put in the caller's words, e.g. {@code m ->
   * Message.of("Listing the accounts failed: {}", m)}.
   */
  public ImageTool saying(UnaryOperator<Message> words) {
    return new ImageTool(runner, asUser, words);
  }

  /** Runs {@code tool} with {@code args}; returns its result. */
  public JsonNode run(String tool, List<String> args) {
    return run(tool, args, null, Progress.silent());
  }

  /**
   * Runs {@code tool} with {@code args}, feeding it {@code stdin} (null: none) and passing its
   * progress lines to {@code progress}; returns its result.
   */
  public JsonNode run(String tool, List<String> args, String stdin, Progress progress) {
    List<String> command = new ArrayList<>();
    command.add(ImageContract.get().toolPath(tool));
    command.addAll(args);
    ToolOutput output = new ToolOutput(tool, progress::say, asUser);
    ContainerExec.Result result = runner.run(command, stdin, output);
    try {
      return output.answer(result.exitCode(), result.stderr());
    } catch (QuickHubException e) {
      throw new QuickHubException(words.apply(e.message()), e.getCause());
    }
  }

  /** A tool's result (or a part of it) read as {@code type}. */
  public static <T> T read(JsonNode result, TypeReference<T> type) {
    try {
      T value = JSON.convertValue(result, type);
      if (value != null) {
        return value;
      }
      throw unreadable(null);
    } catch (IllegalArgumentException e) {
      throw unreadable(e);
    }
  }

  /**
   * The failure for a result (or a part of it) that is not what this quickhub reads: only a tool of
   * another quickhub's image answers in another form.
   */
  public static QuickHubException unreadable(Exception cause) {
    return new QuickHubException(
        "A tool of the hub's image answered in a form this quickhub cannot read; a hub started by"
            + " another quickhub answers once this one restarts it.",
        cause);
  }
}
