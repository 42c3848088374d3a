package dev.quickhub.system;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * New files for secrets: made with O_EXCL and mode 0600 in one step and written through the handle
 * that made them, so no other file, link or looser mode at that path is ever written to.
 */
public final class PrivateFile {

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private PrivateFile() {}

  /**
   * A new file at {@code file} (mode 0600), open for writing; throws {@link
   * java.nio.file.FileAlreadyExistsException} when anything, a symbolic link too, is there.
   */
  public static OutputStream create(Path file) throws IOException {
    return Channels.newOutputStream(
        Files.newByteChannel(
            file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY));
  }
}
