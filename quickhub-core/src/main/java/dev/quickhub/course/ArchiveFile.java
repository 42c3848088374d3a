package dev.quickhub.course;

import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.PrivateFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A course's archive on the launcher's machine: a new file, readable by its owner only (it holds
 * students' work), never written over an existing one.
 */
public final class ArchiveFile {

  private ArchiveFile() {}

  /** Returns {@code file}, or fails when something is there already or its folder is missing. */
  public static Path requireNew(Path file) {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw exists(file);
    }
    Path folder = file.toAbsolutePath().getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new QuickHubException(
          "The folder "
              + shown(folder)
              + " for "
              + shown(file)
              + " does not exist: create it or choose another file; nothing was written.");
    }
    return file;
  }

  /** Copies {@code in} to the new file (mode 0600); on failure nothing is left there. */
  static long write(InputStream in, Path file) {
    OutputStream out;
    try {
      out = PrivateFile.create(requireNew(file));
    } catch (FileAlreadyExistsException e) {
      throw exists(file);
    } catch (IOException e) {
      throw new QuickHubException(
          "Cannot create " + shown(file) + " (" + e.getMessage() + "); nothing was written.", e);
    }
    boolean complete = false;
    try {
      long bytes;
      try (out) {
        bytes = in.transferTo(out);
      }
      complete = true;
      return bytes;
    } catch (IOException e) {
      throw new QuickHubException(
          "Writing " + shown(file) + " failed (" + e.getMessage() + "); nothing was kept.", e);
    } finally {
      if (!complete) {
        deleteQuietly(file);
      }
    }
  }

  /** Removes the file this class made with O_EXCL (no one else's) when writing it failed. */
  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Named in the failure's sentence already; nothing more to do.
    }
  }

  private static QuickHubException exists(Path file) {
    return new QuickHubException(
        shown(file) + " exists already: choose a new file name; nothing was written.");
  }

  private static String shown(Path path) {
    return ControlCharacters.escaped(String.valueOf(path));
  }
}
