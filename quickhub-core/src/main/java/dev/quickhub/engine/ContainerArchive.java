package dev.quickhub.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A folder of a running container as a tar stream whose first name component is the folder's own
 * name, with every file's owner. Docker's archive API gives that; Podman's (4.3) gives every file
 * to the container's user (root), so on Podman the container's own tar writes the stream.
 */
public final class ContainerArchive {

  private final DockerClient docker;
  private final boolean podman;

  public ContainerArchive(DockerClient docker) {
    this.docker = docker;
    this.podman = EngineInfo.of(docker).podman();
  }

  /** The tar stream of {@code path} in {@code container}; close it when read. */
  public InputStream read(String container, String path) throws IOException {
    if (!podman) {
      return docker.copyArchiveFromContainerCmd(container, path).exec();
    }
    int slash = path.lastIndexOf('/');
    String parent = slash <= 0 ? "/" : path.substring(0, slash);
    String id =
        docker
            .execCreateCmd(container)
            .withCmd("tar", "-C", parent, "-cf", "-", path.substring(slash + 1))
            .withAttachStdout(true)
            .withAttachStderr(true)
            .exec()
            .getId();
    PipedInputStream in = new PipedInputStream(1 << 16);
    PipedOutputStream out = new PipedOutputStream(in);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ResultCallback.Adapter<Frame> frames =
        docker
            .execStartCmd(id)
            .exec(
                new ResultCallback.Adapter<>() {
                  @Override
                  public void onNext(Frame frame) {
                    try {
                      if (frame.getStreamType() == StreamType.STDERR) {
                        err.writeBytes(frame.getPayload());
                      } else {
                        out.write(frame.getPayload());
                      }
                    } catch (IOException e) {
                      // The reader closed early: it wants no more.
                    }
                  }

                  @Override
                  public void onComplete() {
                    closeQuietly();
                    super.onComplete();
                  }

                  @Override
                  public void onError(Throwable throwable) {
                    closeQuietly();
                    super.onError(throwable);
                  }

                  private void closeQuietly() {
                    try {
                      out.close();
                    } catch (IOException e) {
                      // Closed already.
                    }
                  }
                });
    return new FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        super.close();
        try {
          frames.awaitCompletion();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while reading " + path, e);
        }
        Long code = docker.inspectExecCmd(id).exec().getExitCodeLong();
        // tar exits with 1 when a file changed while it was read: the hub runs meanwhile.
        if (code == null || code > 1) {
          throw new IOException(
              "tar of " + path + " failed: " + err.toString(StandardCharsets.UTF_8).strip());
        }
      }
    };
  }
}
