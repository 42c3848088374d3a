package dev.quickhub.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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
      }
    }
  }

  private void open() throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      if (posix) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    }
    if (posix && !Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    size = Files.exists(file) ? Files.size(file) : 0;
    OutputStream out =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
}
