package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.quickhub.QuickHubException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

  /** Runs {@code command} as {@code user} (null: the image's user), feeding {@code stdin} if given. */
  public Result run(String container, String user, String stdin, List<String> command) {
    ExecCreateCmd create =
        docker
            .execCreateCmd(container)
            .withCmd(command.toArray(String[]::new))
            .withAttachStdout(true)
            .withAttachStderr(true)
            .withAttachStdin(stdin != null);
    if (user != null) {
      create.withUser(user);
    }
    String id = create.exec().getId();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var start = docker.execStartCmd(id);
    if (stdin != null) {
      start.withStdIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      start
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  (frame.getStreamType() == StreamType.STDERR ? err : out).writeBytes(frame.getPayload());
                }
              })
          .awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while running " + command.get(0) + " in " + container + ".");
    }
    Long code = docker.inspectExecCmd(id).exec().getExitCodeLong();
    return new Result(
        code == null ? -1 : code.intValue(),
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  public Result run(String container, List<String> command) {
    return run(container, null, null, command);
  }
}
