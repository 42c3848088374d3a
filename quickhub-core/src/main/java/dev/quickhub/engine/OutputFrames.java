package dev.quickhub.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Collects what a container or exec prints, stdout and stderr apart, passing stdout on as it comes.
 */
final class OutputFrames extends ResultCallback.Adapter<Frame> {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Consumer<String> live;

  OutputFrames(Consumer<String> live) {
    this.live = live;
  }

  @Override
  public void onNext(Frame frame) {
    if (frame.getStreamType() == StreamType.STDERR) {
      err.writeBytes(frame.getPayload());
    } else {
      out.writeBytes(frame.getPayload());
      live.accept(new String(frame.getPayload(), StandardCharsets.UTF_8));
    }
  }

  ContainerExec.Result result(int exitCode) {
    return new ContainerExec.Result(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
