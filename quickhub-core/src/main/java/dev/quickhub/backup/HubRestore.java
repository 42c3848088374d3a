package dev.quickhub.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Labels;
import dev.quickhub.engine.OneShot;
import dev.quickhub.engine.VolumeHelper;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.volumes.HubVolume;
import dev.quickhub.volumes.VolumeSet;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Rebuilds a hub's volumes from a {@link HubBackup} archive. The whole archive is read and checked
 * first, so a truncated or corrupt one fails before anything is written; then it is streamed into
 * the volumes through the engine's archive API (numeric owners and modes kept), mounted in a helper
 * container that never runs.
 */
public final class HubRestore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerClient docker;
  private final Progress progress;

  public HubRestore(DockerClient docker, Progress progress) {
    this.docker = docker;
    this.progress = progress;
  }

  /** Reads the whole archive; returns its manifest, or fails saying it is missing or damaged. */
  public BackupManifest check(Path archive) {
    if (!Files.isRegularFile(archive)) {
      throw new QuickHubException(
          "The backup "
              + archive
              + (Files.exists(archive) ? " is not a file" : " is missing")
              + "; give the path of a quickhub backup archive; nothing was written.");
    }
    BackupManifest manifest = null;
    try (Progress.Task task = progress.start("Checking " + archive.getFileName(), -1);
        TarArchiveInputStream in = open(archive)) {
      TarArchiveEntry entry;
      long entries = 0;
      while ((entry = in.getNextEntry()) != null) {
        if (entry.getName().equals(BackupManifest.ENTRY)) {
          manifest = JSON.readValue(in.readAllBytes(), BackupManifest.class);
        } else {
          in.transferTo(OutputStream.nullOutputStream());
          manifest = null;
        }
        if (++entries % 1000 == 0) {
          task.message(entries + " files");
        }
      }
    } catch (IOException | RuntimeException e) {
      throw damaged(archive, e.getMessage());
    }
    if (manifest == null || manifest.format() != BackupManifest.FORMAT) {
      throw damaged(archive, "it does not end with a quickhub backup manifest");
    }
    return manifest;
  }

  /**
   * Writes the archive into hub {@code hub}'s volumes, made with quickhub's label when absent,
   * through a helper on the hub image (asked for only once the archive proved intact). Refuses a
   * hub that has a container, and volumes that hold files unless {@code force}, which empties them
   * first.
   */
  public BackupManifest restore(
      Path archive, String hub, VolumeSet volumes, Supplier<String> hubImage, boolean force) {
    BackupManifest manifest = check(archive);
    Set<String> declared =
        volumes.volumes().stream().map(HubVolume::name).collect(Collectors.toSet());
    for (BackupManifest.Volume volume : manifest.volumes()) {
      if (!declared.contains(volume.name())) {
        throw new QuickHubException(
            "The backup holds the volume '"
                + volume.name()
                + "' ("
                + volume.path()
                + "), which volumes/hub.yaml does not declare; declare it, then restore again.");
      }
    }
    try {
      docker.inspectContainerCmd(hub).exec();
      throw new QuickHubException(
          Message.of(
              "Hub {} has a container; restore writes only into a hub that is down ({}).",
              hub,
              Call.of(Call.Command.DOWN, hub)));
    } catch (NotFoundException e) {
      // No container: the volumes are free.
    }
    String image = hubImage.get();
    List<Bind> binds = new ArrayList<>();
    for (HubVolume volume : volumes.volumes()) {
      binds.add(new Bind(volume.volumeName(hub), new Volume("/restore/" + volume.name())));
    }
    // Made before anything mounts them: the engine would make missing ones without the label.
    for (HubVolume volume : volumes.volumes()) {
      try {
        docker.inspectVolumeCmd(volume.volumeName(hub)).exec();
      } catch (NotFoundException e) {
        docker
            .createVolumeCmd()
            .withName(volume.volumeName(hub))
            .withLabels(Map.of(Labels.HUB, hub))
            .exec();
      }
    }
    refuseFilledVolumes(hub, volumes, image, binds, force);
    VolumeHelper helpers = new VolumeHelper(docker);
    String helper = helpers.create(image, Map.of(Labels.HUB, hub), binds);
    try (Progress.Task task = progress.start("Restoring into hub " + hub, -1)) {
      stream(archive, helper);
      task.message("done");
    } finally {
      helpers.remove(helper);
    }
    return manifest;
  }

  private void refuseFilledVolumes(
      String hub, VolumeSet volumes, String image, List<Bind> binds, boolean force) {
    ContainerExec.Result found =
        new OneShot(docker)
            .run(
                image,
                hub,
                binds,
                "sh",
                "-c",
                force
                    ? "find /restore -mindepth 2 -maxdepth 2 -exec rm -rf {} +"
                    : "for v in /restore/*; do [ -z \"$(ls -A \"$v\")\" ] || echo \"${v#/restore/}\"; done");
    if (!found.ok()) {
      throw new QuickHubException(
          "Looking into the volumes of hub " + hub + " failed: " + found.stderr());
    }
    if (!force && !found.stdout().isBlank()) {
      String filled =
          found.stdout().lines().map(name -> hub + "_" + name).collect(Collectors.joining(", "));
      throw new QuickHubException(
          Message.of(
              "The volumes {} already hold files; restore into another {}, or add {} to replace"
                  + " them.",
              filled,
              Setting.NAME,
              Setting.FORCE_RESTORE));
    }
  }

  /** Streams the archive's volume entries into the helper at /restore, without the manifest. */
  private void stream(Path archive, String helper) {
    PipedInputStream tar = new PipedInputStream(1 << 16);
    PipedOutputStream pipe;
    try {
      // Connected here, before the engine starts reading from the other end.
      pipe = new PipedOutputStream(tar);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (pipe;
                  TarArchiveInputStream in = open(archive);
                  TarArchiveOutputStream out = new TarArchiveOutputStream(pipe)) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                  if (entry.getName().equals(BackupManifest.ENTRY)) {
                    continue;
                  }
                  out.putArchiveEntry(entry);
                  if (entry.isFile()) {
                    in.transferTo(out);
                  }
                  out.closeArchiveEntry();
                }
                out.finish();
              } catch (IOException e) {
                throw new QuickHubException("Reading the backup failed while restoring: " + e, e);
              }
            });
    docker
        .copyArchiveToContainerCmd(helper)
        .withRemotePath("/restore")
        .withTarInputStream(tar)
        .exec();
    writer.join();
  }

  private static TarArchiveInputStream open(Path archive) throws IOException {
    InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
    return new TarArchiveInputStream(new GZIPInputStream(file, 1 << 16));
  }

  private static QuickHubException damaged(Path archive, String why) {
    return new QuickHubException(
        "The backup "
            + archive
            + " is damaged or incomplete ("
            + why
            + "); nothing was written. Use an intact copy.");
  }
}
