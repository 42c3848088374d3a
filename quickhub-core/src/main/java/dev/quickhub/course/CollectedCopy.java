package dev.quickhub.course;

import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The collected work of an assignment (the hub's export: {@code STUDENT/...} and {@code
 * summary.csv}) copied into a folder of the launcher's machine. It is unpacked whole into a fresh
 * folder inside first, so an export that names paths outside it leaves the folder as it was; then
 * each student's folder and the summary replace their namesakes. Files keep their modification
 * times (they are the students' last changes); links stay links and are left out, and said so, when
 * they point outside the student's work.
 */
public final class CollectedCopy {

  private static final String SCRATCH = ".quickhub-collect-";

  private CollectedCopy() {}

  /** Returns {@code dir}, or fails when it is there but no folder. It is made when missing. */
  public static Path requireFolder(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new QuickHubException(
          shown(dir)
              + " is not a folder: give a folder for the collected work (it is made when"
              + " missing).");
    }
    return dir;
  }

  /** Unpacks the export {@code tar} into {@code dir}, each line of what it left out to progress. */
  static void unpack(InputStream tar, Path dir, Progress progress) {
    requireFolder(dir);
    Path scratch = null;
    try {
      if (!Files.exists(dir)) {
        // Students' work: the teacher's own until they share it.
        Files.createDirectories(dir, ownerOnly(dir));
      }
      scratch = Files.createTempDirectory(dir, SCRATCH);
      Path fresh = Files.createDirectory(scratch.resolve("new"));
      Path replaced = Files.createDirectory(scratch.resolve("old"));
      new Unpacker(fresh, dir, progress).unpack(new TarArchiveInputStream(tar));
      try (Stream<Path> tops = Files.list(fresh)) {
        for (Path top : tops.toList()) {
          Path old = dir.resolve(top.getFileName().toString());
          if (Files.exists(old, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(old, replaced.resolve(top.getFileName().toString()));
          }
          Files.move(top, old);
        }
      }
    } catch (IOException e) {
      throw new QuickHubException(
          "Copying the collected work to "
              + shown(dir)
              + " failed ("
              + e.getMessage()
              + "); what was there is kept.",
          e);
    } finally {
      if (scratch != null) {
        deleteTree(scratch);
      }
    }
  }

  /** Writes the entries under {@code root}, refusing any that would land outside it. */
  private static final class Unpacker {
    private final Path root;
    private final Path dir;
    private final Progress progress;
    private final Set<String> links = new HashSet<>();
    private final Set<String> files = new HashSet<>();
    private final Map<Path, FileTime> folderTimes = new LinkedHashMap<>();

    Unpacker(Path root, Path dir, Progress progress) {
      this.root = root;
      this.dir = dir;
      this.progress = progress;
    }

    void unpack(TarArchiveInputStream tar) throws IOException {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        List<String> name = name(entry.getName());
        if (name.isEmpty()) {
          continue;
        }
        String joined = String.join("/", name);
        // Nothing is written through, or over, a link unpacked before.
        for (int i = 1; i <= name.size(); i++) {
          if (links.contains(String.join("/", name.subList(0, i)))) {
            throw outside(entry.getName());
          }
        }
        Path target = root.resolve(joined);
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          folderTimes.put(target, entry.getLastModifiedTime());
        } else if (entry.isSymbolicLink()) {
          LinkRule.Problem problem = LinkRule.check(name, entry.getLinkName());
          if (problem != null) {
            leaveOut(joined, "a link outside the student's work (to " + entry.getLinkName() + ")");
            continue;
          }
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
          links.add(joined);
        } else if (entry.isLink()) {
          String original = String.join("/", name(entry.getLinkName()));
          if (!files.contains(original)) {
            throw outside(entry.getName());
          }
          Files.createDirectories(target.getParent());
          Files.copy(
              root.resolve(original),
              target,
              StandardCopyOption.COPY_ATTRIBUTES,
              LinkOption.NOFOLLOW_LINKS);
          files.add(joined);
        } else if (entry.isFile()) {
          Files.createDirectories(target.getParent());
          try (OutputStream out =
              Files.newOutputStream(
                  target,
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS)) {
            tar.transferTo(out);
          }
          if (posix(target)) {
            Files.setPosixFilePermissions(
                target,
                PosixFilePermissions.fromString(
                    (entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
          }
          Files.setLastModifiedTime(target, entry.getLastModifiedTime());
          files.add(joined);
        } else {
          leaveOut(joined, "not a file, folder or link");
        }
      }
      // Last, as writing into a folder changes its time; deepest first.
      List<Path> folders = new ArrayList<>(folderTimes.keySet());
      folders.sort((a, b) -> b.getNameCount() - a.getNameCount());
      for (Path folder : folders) {
        Files.setLastModifiedTime(folder, folderTimes.get(folder));
      }
    }

    /** The entry's name as parts below the root; fails for an absolute one or one with '..'. */
    private List<String> name(String raw) {
      if (raw.startsWith("/")) {
        throw outside(raw);
      }
      List<String> parts = new ArrayList<>();
      for (String part : raw.split("/")) {
        if (part.equals("..")) {
          throw outside(raw);
        }
        if (!part.isEmpty() && !part.equals(".")) {
          parts.add(part);
        }
      }
      return parts;
    }

    private void leaveOut(String name, String why) {
      progress.say(
          "Left out "
              + ControlCharacters.escaped(name)
              + ": "
              + ControlCharacters.escaped(why)
              + ".");
    }

    private QuickHubException outside(String name) {
      return new QuickHubException(
          "The hub's copy of the collected work names "
              + ControlCharacters.quoted(name)
              + ", a path outside its own folder; nothing was written to "
              + shown(dir)
              + ".");
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] ownerOnly(Path dir) {
    return posix(dir.toAbsolutePath())
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
        }
        : new FileAttribute<?>[0];
  }

  /** Removes a tree this class made, without following its links. */
  private static void deleteTree(Path top) {
    try {
      Files.walkFileTree(
          top,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException e)
                throws IOException {
              Files.delete(folder);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // Its name says what it is; the next copy makes its own.
    }
  }

  private static String shown(Path path) {
    return ControlCharacters.escaped(String.valueOf(path));
  }
}
