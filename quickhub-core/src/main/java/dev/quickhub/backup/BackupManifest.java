package dev.quickhub.backup;

import java.util.List;

/**
 * The last entry of a backup archive ({@value #ENTRY}): which hub and volumes it holds. Being last,
 * it is read only when the whole archive before it was read without error.
 */
public record BackupManifest(
    int format, String hub, String created, String quickhub, List<Volume> volumes) {

  public static final String ENTRY = "quickhub-backup.json";
  static final int FORMAT = 1;

  /** A volume in the archive: entries under {@code name/}, mounted at {@code path}. */
  public record Volume(String name, String path, long entries, long bytes) {}
}
