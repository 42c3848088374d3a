package dev.quickhub.z2jh;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The export's folder: it holds password hashes and every home, so it is one the exporting user
 * alone controls, and every file in it is new.
 */
final class ExportFolder {

  private ExportFolder() {}

  /**
   * Makes {@code dir} (mode 0700) when nothing is there; else accepts it only when it is a folder,
   * not a link, owned by the current user, not writable by group or others, and empty.
   */
  static void prepare(Path dir) {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      create(dir);
      return;
    } catch (IOException e) {
      throw new QuickHubException(
          dir + " cannot be read (" + e.getMessage() + "); give another folder.", e);
    }
    String why = null;
    if (attributes.isSymbolicLink()) {
      why = "is a symbolic link";
    } else if (!attributes.isDirectory()) {
      why = "is not a folder";
    } else if (!attributes.owner().getName().equals(System.getProperty("user.name"))) {
      why = "belongs to " + attributes.owner().getName();
    } else if (attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
        || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
      why = "is writable by others";
    }
    if (why != null) {
      throw new QuickHubException(
          dir + " " + why + "; give a new folder (the export makes it, mode 0700).");
    }
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new QuickHubException(dir + " is not empty; give a new or empty folder.");
      }
    } catch (IOException e) {
      throw new QuickHubException(
          dir + " cannot be read (" + e.getMessage() + "); give another folder.", e);
    }
  }

  /** A new file with {@code text}; fails when anything, a link too, is already there. */
  static void write(Path file, String text) throws IOException {
    Files.writeString(
        file,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
  }

  private static void create(Path dir) {
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      throw new QuickHubException(dir + " appeared meanwhile; give a new folder.", e);
    } catch (IOException e) {
      throw new QuickHubException(
          dir + " cannot be made (" + e.getMessage() + "); give a folder whose parent exists.", e);
    }
  }
}
