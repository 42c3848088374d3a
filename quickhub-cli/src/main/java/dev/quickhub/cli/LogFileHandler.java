package dev.quickhub.cli;

import dev.quickhub.system.Host;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.ErrorManager;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Appends log records to a file that only its owner can read (0600 in a 0700 folder): records may
 * name hosts, users and paths. Past {@code limit} bytes the file moves to {@code NAME.1} (replacing
 * the one before) and a new one starts, so the log stays small.
 */
final class LogFileHandler extends StreamHandler {

  private final Path file;
  private final long limit;
  private long size;

  LogFileHandler(Path file, long limit) throws IOException {
    this.file = file;
    this.limit = limit;
    // A log that cannot be written (a full disk) must not reach the terminal either.
    setErrorManager(
        new ErrorManager() {
          @Override
          public void error(String message, Exception e, int code) {}
        });
    open();
  }

  @Override
  public synchronized void publish(LogRecord record) {
    super.publish(record);
    flush();
    if (size > limit) {
      try {
        Files.move(
            file,
            file.resolveSibling(file.getFileName() + ".1"),
            StandardCopyOption.REPLACE_EXISTING);
        open();
      } catch (IOException e) {
        reportError("cannot start a new log file", e, 0);
        close();
      }
    }
  }

  /**
   * Opens the log for appending, only if the folder and the file are this user's own: no link is
   * followed, and a folder others may write to, or a file of someone else's, is refused (the
   * records are then dropped), since a shared XDG_STATE_HOME or a HOME kept by sudo would let
   * another user plant a link to a file of root's.
   */
  private void open() throws IOException {
    Path dir = file.getParent();
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    requireOwn(dir);
    if ((Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).stream()
        .anyMatch(p -> !p.name().startsWith("OWNER")))) {
      throw new IOException(dir + " is open to other users");
    }
    OutputStream out =
        Channels.newOutputStream(
            Files.newByteChannel(
                file,
                Set.of(
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))));
    try {
      requireOwn(file);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      out.close();
      throw e;
    }
    size = Files.size(file);
    setOutputStream(
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            size += length;
          }

          @Override
          public void write(int b) throws IOException {
            out.write(b);
            size++;
          }
        });
  }

  /** Fails unless {@code path} itself (not a link) belongs to this process's user. */
  private static void requireOwn(Path path) throws IOException {
    Object owner = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (Files.isSymbolicLink(path) || !owner.equals(Host.effectiveUid())) {
      throw new IOException(path + " is not this user's own");
    }
  }
}
