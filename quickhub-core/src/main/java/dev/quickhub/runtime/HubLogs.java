package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** What a hub's container printed: copied out, followed, or its last lines for an error. */
final class HubLogs {

  private final DockerClient docker;

  HubLogs(DockerClient docker) {
    this.docker = docker;
  }

  /**
   * Copies the container's log to {@code out}, following it when asked, until the container stops.
   */
  void copy(String id, boolean follow, int tail, Consumer<String> out) {
    var cmd = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(follow);
    if (tail >= 0) {
      cmd.withTail(tail);
    }
    try {
      cmd.exec(frames(out)).awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last {@code lines} lines the container printed, or why there are none. */
  String tail(String id, int lines) {
    StringBuilder text = new StringBuilder();
    try {
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(lines)
          .exec(frames(text::append))
          .awaitCompletion(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (DockerException e) {
      return "(no log: " + e.getMessage() + ")";
    }
    return text.toString().strip();
  }

  private static ResultCallback.Adapter<Frame> frames(Consumer<String> out) {
    return new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        out.accept(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    };
  }
}
