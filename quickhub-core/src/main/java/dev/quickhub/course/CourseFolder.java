package dev.quickhub.course;

import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.users.UserName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A folder on the launcher's machine to copy into the hub (material to release, feedback to
 * return), read whole before anything is sent: folders, regular files and links that stay inside
 * the copied tree ({@link LinkRule}: the folder, or for feedback each student's folder), nothing
 * else; links are never followed. It is sent as a tar owned by root, with names relative to the
 * folder, modes 0644 or 0755 (the owner's execute bit kept), links as links and modification times
 * kept; the hub gives the copies to each student.
 */
public final class CourseFolder {

  private enum Kind {
    FOLDER,
    FILE,
    LINK
  }

  /** One thing in the folder: its path in the tree, what it is, and what the tar keeps of it. */
  private record Entry(
      List<String> name,
      Path path,
      Kind kind,
      String target,
      boolean executable,
      FileTime modified,
      long size) {}

  private final Path dir;
  private final List<Entry> entries;
  private final List<Path> leftOut;

  private CourseFolder(Path dir, List<Entry> entries, List<Path> leftOut) {
    this.dir = dir;
    this.entries = List.copyOf(entries);
    this.leftOut = List.copyOf(leftOut);
  }

  /** All of {@code dir}: refused, naming the first offending path, unless all of it can go. */
  public static CourseFolder read(Path dir) {
    CourseFolder folder = walk(dir, false);
    if (folder.entries.isEmpty()) {
      throw new QuickHubException(shown(dir) + " is empty: put the files to copy in it.");
    }
    return folder;
  }

  /**
   * The student folders of {@code dir} ({@code dir/STUDENT/...}, each named as an account): what
   * else is at its top (a summary.csv, a checkpoint folder) is left out and listed by {@link
   * #leftOut()}; the student folders are checked as in {@link #read}.
   */
  public static CourseFolder perStudent(Path dir) {
    CourseFolder folder = walk(dir, true);
    if (folder.entries.isEmpty()) {
      throw new QuickHubException(
          shown(dir)
              + " holds no student folder: put each student's files in a folder named as their"
              + " account (DIR/STUDENT/...).");
    }
    return folder;
  }

  /** The folder as given. */
  public Path dir() {
    return dir;
  }

  /** How many files and links it holds. */
  public int files() {
    return (int) entries.stream().filter(entry -> entry.kind != Kind.FOLDER).count();
  }

  /** The bytes of its files. */
  public long bytes() {
    return entries.stream().mapToLong(Entry::size).sum();
  }

  /** The top-level names (for {@link #perStudent}) that are no student's folder, not sent. */
  public List<Path> leftOut() {
    return leftOut;
  }

  /** Writes the folder's content as a tar to {@code out} (not closed). */
  public void write(OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (Entry entry : entries) {
      String name = String.join("/", entry.name);
      TarArchiveEntry tarEntry =
          switch (entry.kind) {
            case FOLDER -> new TarArchiveEntry(name + "/");
            case FILE -> new TarArchiveEntry(name);
            case LINK -> new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
          };
      tarEntry.setIds(0, 0);
      tarEntry.setUserName("root");
      tarEntry.setGroupName("root");
      tarEntry.setLastModifiedTime(entry.modified);
      switch (entry.kind) {
        case FOLDER -> {
          tarEntry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | 0755);
          tar.putArchiveEntry(tarEntry);
        }
        case LINK -> {
          tarEntry.setLinkName(entry.target);
          tarEntry.setMode(0120777);
          tar.putArchiveEntry(tarEntry);
        }
        case FILE -> {
          tarEntry.setMode(
              TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | (entry.executable ? 0755 : 0644));
          writeFile(entry, tarEntry, tar);
        }
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.flush();
  }

  /** The file's bytes as they are now; opening refuses a link put in its place since. */
  private void writeFile(Entry entry, TarArchiveEntry tarEntry, TarArchiveOutputStream tar)
      throws IOException {
    try (SeekableByteChannel channel =
            Files.newByteChannel(entry.path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        InputStream in = Channels.newInputStream(channel)) {
      long size = channel.size();
      tarEntry.setSize(size);
      tar.putArchiveEntry(tarEntry);
      byte[] buffer = new byte[1 << 16];
      long left = size;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(shown(entry.path) + " got shorter while it was read");
        }
        tar.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  private static CourseFolder walk(Path dir, boolean perStudent) {
    if (!Files.isDirectory(dir)) {
      throw new QuickHubException(shown(dir) + " is not a folder: give a folder of files to copy.");
    }
    Walker walker = new Walker(dir, perStudent);
    try {
      // The folder itself may be reached through a link, as the user named it; nothing below it.
      walker.root = dir.toRealPath();
      Files.walkFileTree(walker.root, walker);
    } catch (IOException e) {
      throw new QuickHubException(
          shown(dir) + " cannot be read (" + e.getMessage() + "); nothing was copied.", e);
    }
    return new CourseFolder(dir, walker.entries, walker.leftOut);
  }

  /** Walks the tree without following links, refusing at the first thing that cannot go. */
  private static final class Walker extends SimpleFileVisitor<Path> {
    private final Path dir;
    private final boolean perStudent;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Path> leftOut = new ArrayList<>();
    private Path root;

    Walker(Path dir, boolean perStudent) {
      this.dir = dir;
      this.perStudent = perStudent;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes)
        throws IOException {
      if (path.equals(root)) {
        return FileVisitResult.CONTINUE;
      }
      List<String> name = name(path);
      if (perStudent && name.size() == 1 && !UserName.isValid(name.get(0))) {
        leftOut.add(dir.resolve(name.get(0)));
        return FileVisitResult.SKIP_SUBTREE;
      }
      entries.add(entry(path, name, Kind.FOLDER, null));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) throws IOException {
      List<String> name = name(path);
      if (perStudent && name.size() == 1) {
        leftOut.add(dir.resolve(name.get(0)));
        return FileVisitResult.CONTINUE;
      }
      if (attributes.isRegularFile()) {
        entries.add(entry(path, name, Kind.FILE, null));
      } else if (attributes.isSymbolicLink()) {
        String target = Files.readSymbolicLink(path).toString().replace('\\', '/');
        // Each student's folder is a tree of its own, copied into that student's home.
        List<String> tree = perStudent ? name.subList(0, 1) : List.of();
        LinkRule.Problem problem = LinkRule.check(name.subList(tree.size(), name.size()), target);
        if (problem != null) {
          throw new QuickHubException(linkProblem(name, tree, target, problem));
        }
        entries.add(entry(path, name, Kind.LINK, target));
      } else {
        throw new QuickHubException(
            shownName(name)
                + " is not a file, folder or link (a named pipe, socket or device): move it out"
                + " of "
                + CourseFolder.shown(dir)
                + "; nothing was copied.");
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path path, IOException e) {
      throw new QuickHubException(
          CourseFolder.shown(path.equals(root) ? dir : dir.resolve(root.relativize(path)))
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "): check its permissions; nothing was copied.",
          e);
    }

    private String linkProblem(
        List<String> name, List<String> tree, String target, LinkRule.Problem problem) {
      String top = tree.isEmpty() ? CourseFolder.shown(dir) : shownName(tree);
      return switch (problem) {
        case OUTSIDE ->
            shownName(name)
                + " links outside "
                + top
                + " (to "
                + ControlCharacters.escaped(target)
                + "): replace the link by the file it points to or remove it; nothing was copied.";
        case CLIMBS_BACK ->
            shownName(name)
                + " links to "
                + ControlCharacters.escaped(target)
                + ", which climbs back up after a folder name and so could leave "
                + top
                + " through another link: write it with '..' only at its start, or replace it by"
                + " the file it points to; nothing was copied.";
      };
    }

    private List<String> name(Path path) {
      List<String> name = new ArrayList<>();
      root.relativize(path).forEach(part -> name.add(part.toString()));
      return name;
    }

    private String shownName(List<String> name) {
      return CourseFolder.shown(dir.resolve(String.join(dir.getFileSystem().getSeparator(), name)));
    }

    private Entry entry(Path path, List<String> name, Kind kind, String target) throws IOException {
      boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
      BasicFileAttributes attributes =
          posix
              ? Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      boolean executable =
          attributes instanceof PosixFileAttributes permissions
              && permissions.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
      return new Entry(
          List.copyOf(name),
          path,
          kind,
          target,
          executable,
          attributes.lastModifiedTime(),
          kind == Kind.FILE ? attributes.size() : 0);
    }
  }

  private static String shown(Path path) {
    return ControlCharacters.escaped(path.toString());
  }
}
