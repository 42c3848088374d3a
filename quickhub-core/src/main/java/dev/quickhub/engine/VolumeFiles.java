package dev.quickhub.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.report.QuickHubException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Small files on a hub's volumes, read and written through the engine's archive API in a container
 * that mounts them (running or only created), so no secret passes through a command line, an
 * environment variable, a log or an image layer.
 */
public final class VolumeFiles {

  private final DockerClient docker;
  private final String container;

  public VolumeFiles(DockerClient docker, String container) {
    this.docker = docker;
    this.container = container;
  }

  /** The text of the file at {@code path} in the container, or empty when there is none. */
  public Optional<String> read(String path) {
    try (InputStream in = docker.copyArchiveFromContainerCmd(container, path).exec();
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry = tar.getNextEntry();
      if (entry == null || !entry.isFile()) {
        return Optional.empty();
      }
      return Optional.of(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new QuickHubException("Reading " + path + " from the hub failed: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code files} (name to text) into folder {@code dir} below {@code parent}, owned by
   * root: the folder with {@code dirMode}, each file with {@code fileMode}; existing files are
   * replaced.
   */
  public void write(
      String parent, String dir, Map<String, String> files, int dirMode, int fileMode) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry folder = new TarArchiveEntry(dir + "/");
      folder.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | dirMode);
      tar.putArchiveEntry(folder);
      tar.closeArchiveEntry();
      for (Map.Entry<String, String> file : files.entrySet()) {
        byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(dir + "/" + file.getKey());
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | fileMode);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    docker
        .copyArchiveToContainerCmd(container)
        .withRemotePath(parent)
        .withTarInputStream(new ByteArrayInputStream(bytes.toByteArray()))
        .exec();
  }
}
