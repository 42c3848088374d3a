package dev.quickhub.engine;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/**
 * A tar written as it is sent into a folder of a container through the engine's archive API, so a
 * large one needs neither memory nor a temporary file. The writer runs in a thread of its own; its
 * failure fails the upload, even when the engine took a tar cut short as complete.
 */
public final class TarUpload {

  /** Writes the tar to {@code out}. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private TarUpload() {}

  /**
   * Sends what {@code writer} writes into {@code path} (an existing folder) of {@code container}.
   */
  public static void to(DockerClient docker, String container, String path, Writer writer)
      throws IOException {
    PipedInputStream in = new PipedInputStream(1 << 16);
    PipedOutputStream out = new PipedOutputStream(in);
    Exception[] failed = new Exception[1];
    Thread writing =
        new Thread(
            () -> {
              try (out) {
                writer.write(out);
              } catch (IOException | RuntimeException e) {
                failed[0] = e;
              }
            },
            "quickhub-tar-upload");
    writing.start();
    try (in) {
      docker
          .copyArchiveToContainerCmd(container)
          .withRemotePath(path)
          .withTarInputStream(in)
          .exec();
    } finally {
      // Closing the reading end above stops a writer the engine left waiting.
      try {
        writing.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while sending a tar to " + path, e);
      }
    }
    if (failed[0] instanceof IOException e) {
      throw e;
    }
    if (failed[0] instanceof RuntimeException e) {
      throw e;
    }
  }
}
