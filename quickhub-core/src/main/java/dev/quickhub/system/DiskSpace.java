package dev.quickhub.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recognises a full disk in a failure, so the user is told that and not a stack of causes. */
public final class DiskSpace {

  private DiskSpace() {}

  /** True when the failure, or one of its causes, is ENOSPC. */
  public static boolean isFull(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }

  /** "N MB free in DIR", or just the folder when it cannot be measured. */
  public static String where(Path dir) {
    try {
      Path existing = dir.toAbsolutePath();
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      long free = Files.getFileStore(existing).getUsableSpace();
      return free / (1024 * 1024) + " MB free in " + dir;
    } catch (IOException | RuntimeException e) {
      return dir.toString();
    }
  }
}
