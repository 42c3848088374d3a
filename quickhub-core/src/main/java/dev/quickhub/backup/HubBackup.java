package dev.quickhub.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.quickhub.engine.ContainerArchive;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.PrivateFile;
import dev.quickhub.system.Version;
import dev.quickhub.volumes.HubVolume;
import dev.quickhub.volumes.VolumeSet;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one archive (gzip'd tar) of all of a hub's volumes, read through the engine's archive API
 * from the running hub (so it works for remote engines) with numeric owners and modes. The hub
 * database is copied with sqlite's backup, not as a raw live file. Entries are {@code VOLUME/...};
 * the manifest comes last.
 */
public final class HubBackup {

  /** The hub database, as the image's configuration keeps it, relative to the srv volume. */
  static final String DATABASE = "hub/jupyterhub.sqlite";

  private static final String SNAPSHOT = "hub/.jupyterhub.sqlite.quickhub-backup";

  /** The live database and its side files: the snapshot is archived in their place. */
  private static final java.util.Set<String> LIVE =
      java.util.Set.of(
          DATABASE,
          DATABASE + "-journal",
          DATABASE + "-wal",
          DATABASE + "-shm",
          SNAPSHOT + "-journal");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerClient docker;
  private final ContainerArchive archives;
  private final Progress progress;

  public HubBackup(DockerClient docker, Progress progress) {
    this.docker = docker;
    this.archives = new ContainerArchive(docker);
    this.progress = progress;
  }

  /**
   * Writes the backup of hub {@code hub} (its running container {@code container}) to {@code file},
   * which appears only when complete, readable by its owner only (it holds password hashes).
   */
  public BackupManifest write(String hub, String container, VolumeSet volumes, Path file) {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    String srvPath = srvPath(volumes);
    ContainerExec exec = new ContainerExec(docker);
    ContainerExec.Result snapshot =
        exec.run(
            container,
            List.of(
                "sqlite3", srvPath + "/" + DATABASE, ".backup '" + srvPath + "/" + SNAPSHOT + "'"));
    if (!snapshot.ok()) {
      throw new QuickHubException(
          "Copying the hub database of " + hub + " failed: " + snapshot.stderr().strip());
    }
    List<BackupManifest.Volume> written = new ArrayList<>();
    try {
      Files.deleteIfExists(partial);
      BackupManifest manifest;
      try (OutputStream raw = new BufferedOutputStream(PrivateFile.create(partial), 1 << 16);
          GZIPOutputStream gzip = new FastGzip(raw);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (HubVolume volume : volumes.volumes()) {
          try (Progress.Task task = progress.start("Backing up " + volume.path(), -1)) {
            written.add(copyVolume(container, volume, volume.name().equals("srv"), tar, task));
          }
        }
        manifest =
            new BackupManifest(
                BackupManifest.FORMAT, hub, Instant.now().toString(), Version.get(), written);
        byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        TarArchiveEntry entry = new TarArchiveEntry(BackupManifest.ENTRY);
        entry.setSize(json.length);
        entry.setMode(0600);
        tar.putArchiveEntry(entry);
        tar.write(json);
        tar.closeArchiveEntry();
        tar.finish();
      }
      // Moved only once closed: the gzip trailer is written on close.
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return manifest;
    } catch (IOException e) {
      throw new QuickHubException(
          "Writing the backup " + file + " failed (" + e.getMessage() + "); the hub is unchanged.",
          e);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // Best effort: a partial file is named as such.
      }
      exec.run(container, List.of("rm", "-f", srvPath + "/" + SNAPSHOT));
    }
  }

  /**
   * The volume's files under {@code NAME/}; on srv the database snapshot stands for the live file.
   */
  private BackupManifest.Volume copyVolume(
      String container,
      HubVolume volume,
      boolean srv,
      TarArchiveOutputStream out,
      Progress.Task task)
      throws IOException {
    long entries = 0;
    long bytes = 0;
    try (InputStream stream = archives.read(container, volume.path());
        TarArchiveInputStream in = new TarArchiveInputStream(stream)) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String relative = withoutFirst(entry.getName());
        if (srv && LIVE.contains(relative)) {
          continue;
        }
        if (srv && relative.equals(SNAPSHOT)) {
          relative = DATABASE;
        }
        entry.setName(volume.name() + "/" + relative);
        if (entry.isLink()) {
          entry.setLinkName(volume.name() + "/" + withoutFirst(entry.getLinkName()));
        }
        out.putArchiveEntry(entry);
        if (entry.isFile()) {
          bytes += in.transferTo(out);
        }
        out.closeArchiveEntry();
        if (++entries % 1000 == 0) {
          task.message(entries + " files, " + bytes / (1024 * 1024) + " MB");
        }
      }
    }
    return new BackupManifest.Volume(volume.name(), volume.path(), entries, bytes);
  }

  /** The engine names entries after the copied folder ("home/...", "quickhub/..."). */
  static String withoutFirst(String name) {
    int slash = name.indexOf('/');
    return slash < 0 ? "" : name.substring(slash + 1);
  }

  static String srvPath(VolumeSet volumes) {
    return volumes.volumes().stream()
        .filter(v -> v.name().equals("srv"))
        .map(HubVolume::path)
        .findFirst()
        .orElseThrow();
  }

  /** gzip at its fastest level: the archive is mostly written once and read once. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
