package dev.quickhub.engine;

import com.github.dockerjava.api.DockerClient;
import dev.quickhub.report.QuickHubException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs a command in a running container through the engine's exec API and collects its output. */
public final class ContainerExec {

  /** What a command printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private final DockerClient docker;

  public ContainerExec(DockerClient docker) {
    this.docker = docker;
  }

  /**
   * Runs {@code command} as {@code user} (null: root), feeding {@code stdin} if given. Secrets such
   * as passwords go through stdin, never the command line or the environment.
   */
  public Result run(String container, String user, String stdin, List<String> command) {
    return run(container, user, stdin, command, text -> {});
  }

  /** Like {@link #run(String, String, String, List)}, also passing stdout on as it comes. */
  public Result run(
      String container, String user, String stdin, List<String> command, Consumer<String> output) {
    List<String> argv = new ArrayList<>();
    if (user != null) {
      // The engine looks users up in the image's /etc, not in the /etc volume; runuser reads the
      // volume's accounts and sets the user's groups.
      argv.addAll(List.of("runuser", "-u", user, "--"));
    }
    argv.addAll(command);
    byte[] input = stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8);
    if (input != null) {
      // The engine API cannot half-close an exec's stdin, so a command reading to the end would
      // wait forever: head passes on exactly the bytes given, then closes the pipe.
      List<String> piped =
          new ArrayList<>(List.of("sh", "-c", "head -c " + input.length + " | \"$@\"", "sh"));
      piped.addAll(argv);
      argv = piped;
    }
    String id =
        docker
            .execCreateCmd(container)
            .withCmd(argv.toArray(String[]::new))
            .withAttachStdout(true)
            .withAttachStderr(true)
            .withAttachStdin(input != null)
            .exec()
            .getId();
    OutputFrames frames = new OutputFrames(output);
    try {
      var start = docker.execStartCmd(id);
      if (input != null) {
        start.withStdIn(new ByteArrayInputStream(input));
      }
      start.exec(frames).awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException(
          "Interrupted while running " + command.get(0) + " in " + container + ".");
    }
    Long code = docker.inspectExecCmd(id).exec().getExitCodeLong();
    return frames.result(code == null ? -1 : code.intValue());
  }

  public Result run(String container, List<String> command) {
    return run(container, null, null, command);
  }
}
