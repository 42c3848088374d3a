package dev.quickhub.engine;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** Streams that count what passes, and a writer turned into a stream to read. */
final class ByteStreams {

  private ByteStreams() {}

  /** Something that writes a stream. */
  interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Runs {@code writer} on its own thread and returns what it writes as an input stream. */
  static InputStream piped(Writer writer) throws IOException {
    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream out = new PipedOutputStream(in);
    CompletableFuture<Void> done =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream o = out) {
                writer.writeTo(o);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return new FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        super.close();
        try {
          done.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
          // A reader that stopped early closes the pipe under the writer; that is not an error.
          if (!(e.getCause() instanceof UncheckedIOException)) {
            throw new IOException(e.getCause());
          }
        }
      }
    };
  }

  /** Reports how many bytes each write wrote. */
  static final class CountingOutput extends FilterOutputStream {
    private final Consumer<Long> written;

    CountingOutput(OutputStream out, Consumer<Long> written) {
      super(out);
      this.written = written;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      written.accept((long) len);
    }
  }

  /** Reports how many bytes were read so far. */
  static final class CountingInput extends FilterInputStream {
    private final LongConsumer listener;
    private long count;

    CountingInput(InputStream in, LongConsumer listener) {
      super(in);
      this.listener = listener;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
        listener.accept(count);
      }
      return n;
    }
  }
}
