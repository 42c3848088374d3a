package dev.quickhub.z2jh;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.ContainerArchive;
import dev.quickhub.engine.Labels;
import dev.quickhub.engine.VolumeFiles;
import dev.quickhub.engine.VolumeHelper;
import dev.quickhub.report.Call;
import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.HostShare;
import dev.quickhub.system.PrivateFile;
import dev.quickhub.volumes.HubVolume;
import dev.quickhub.volumes.VolumeSet;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a hub that is down as files for Zero to JupyterHub. Everything is read through the
 * engine's archive API from a helper container that mounts the hub's volumes read-only (never
 * started on Docker): /etc's account files, and each home and share as a stream of entries, so no
 * path a user controls is followed by anyone.
 */
public final class Z2jhExport {

  /** People's uids, as login.defs' UID_MIN and UID_MAX in the image. */
  private static final int UID_MIN = 1000;

  private static final int UID_MAX = 60000;

  /** People's groups, as login.defs' GID_MIN and GID_MAX in the image. */
  private static final int GID_MIN = 1000;

  private static final int GID_MAX = 60000;

  private static final String ADMIN_GROUP = "jupyterhub-admins";

  private final DockerClient docker;
  private final Progress progress;

  public Z2jhExport(DockerClient docker, Progress progress) {
    this.docker = docker;
    this.progress = progress;
  }

  /** What was written, and what was left out with why. */
  public record Result(Z2jhHub hub, List<String> skipped) {}

  /**
   * Reads hub {@code name} (its volumes {@code volumes} and host shares {@code hostShares}) with a
   * helper on {@code image}, and writes {@code dir}, which must be absent or empty. {@code
   * settings} carries the image reference, limits, culler and domain.
   */
  public Result write(
      String name,
      VolumeSet volumes,
      List<HostShare> hostShares,
      String image,
      Z2jhHub.Builder settings,
      Path dir) {
    refuseRunning(name);
    ExportFolder.prepare(dir);
    List<Bind> binds = new ArrayList<>();
    List<HubVolume> shares = new ArrayList<>();
    for (HubVolume volume : volumes.volumes()) {
      boolean wanted =
          volume.isShare() || volume.name().equals("home") || volume.name().equals("etc");
      if (!wanted) {
        continue;
      }
      if (!exists(volume.volumeName(name))) {
        if (volume.isShare()) {
          continue; // a share the hub never had
        }
        throw new QuickHubException(
            "Hub " + name + " has no volume " + volume.volumeName(name) + "; nothing to export.");
      }
      binds.add(new Bind(volume.volumeName(name), new Volume(volume.path()), AccessMode.ro));
      if (volume.isShare()) {
        shares.add(volume);
      }
    }
    for (HostShare share : hostShares) {
      binds.add(new Bind(share.hostDir(), new Volume(share.path()), AccessMode.ro));
    }
    List<String> skipped = new ArrayList<>();
    VolumeHelper helpers = new VolumeHelper(docker);
    String helper = helpers.create(image, Map.of(Labels.HUB, name), binds);
    try {
      Files.createDirectory(dir.resolve("data"));
      Map<String, Z2jhHub.User> accounts = accounts(helper, skipped);
      Map<String, Long> homes;
      try (Progress.Task task = progress.start("Archiving the homes of hub " + name, -1)) {
        homes = homes(helper, accounts.keySet(), dir, skipped);
      }
      accounts.values().stream()
          .filter(u -> homes.containsKey(u.name()))
          .map(
              u ->
                  new Z2jhHub.User(
                      u.name(), u.uid(), u.gid(), u.admin(), u.hash(), homes.get(u.name())))
          .forEach(settings::user);
      for (HubVolume share : shares) {
        long bytes =
            archive(helper, share.path(), dir.resolve("data/share-" + share.name() + ".tar.gz"));
        settings.share(
            new Z2jhHub.Share(
                share.name(), share.path(), share.access().equals(HubVolume.READ_ONLY), bytes));
      }
      for (HostShare share : hostShares) {
        long bytes =
            archive(helper, share.path(), dir.resolve("data/share-" + share.name() + ".tar.gz"));
        settings.share(new Z2jhHub.Share(share.name(), share.path(), share.readOnly(), bytes));
      }
      Z2jhHub hub = settings.name(name).build();
      writeFiles(hub, dir);
      return new Result(hub, skipped);
    } catch (IOException e) {
      throw new QuickHubException(
          "Writing the export into "
              + dir
              + " failed ("
              + e.getMessage()
              + "); the hub is unchanged.",
          e);
    } finally {
      helpers.remove(helper);
    }
  }

  /** config.yaml, the Secret, claims, Jobs, the loading script and README.md for {@code hub}. */
  static void writeFiles(Z2jhHub hub, Path dir) throws IOException {
    List<Z2jhManifests.Load> loads = Z2jhManifests.loads(hub);
    ExportFolder.write(dir.resolve("config.yaml"), Z2jhConfig.yaml(hub));
    try (OutputStream out = PrivateFile.create(dir.resolve("secret-passwords.yaml"))) {
      out.write(Z2jhManifests.secret(hub).getBytes(StandardCharsets.UTF_8));
    }
    ExportFolder.write(dir.resolve("claims.yaml"), Z2jhManifests.claims(hub));
    Files.createDirectory(dir.resolve("jobs"));
    for (Z2jhManifests.Load load : loads) {
      ExportFolder.write(
          dir.resolve("jobs/" + load.job() + ".yaml"), Z2jhManifests.job(load, hub.image()));
    }
    Path script = dir.resolve("load-data.sh");
    ExportFolder.write(script, Z2jhManifests.loadScript(loads));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    ExportFolder.write(dir.resolve("README.md"), Z2jhReadme.text(hub, loads));
  }

  /**
   * Only a hub that is down: while its users' servers run, a student could swap a file for a link
   * in the middle of the engine's archive walk and have it read another home.
   */
  private void refuseRunning(String name) {
    boolean running =
        !docker
            .listContainersCmd()
            .withLabelFilter(Map.of(Labels.HUB, name))
            .withStatusFilter(List.of("running", "restarting", "paused"))
            .exec()
            .isEmpty();
    try {
      running |=
          Boolean.TRUE.equals(docker.inspectContainerCmd(name).exec().getState().getRunning());
    } catch (NotFoundException e) {
      // No hub container.
    }
    if (running) {
      throw new QuickHubException(
          Message.of(
              "Hub {} is running; run {} first: its users could change their homes while the export"
                  + " reads them.",
              name,
              Call.of(Call.Command.DOWN, name)));
    }
  }

  private boolean exists(String volume) {
    try {
      docker.inspectVolumeCmd(volume).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** People's accounts as {@link #accounts(String, String, String, List)} reads them. */
  private Map<String, Z2jhHub.User> accounts(String helper, List<String> skipped) {
    VolumeFiles etc = new VolumeFiles(docker, helper);
    Map<String, Z2jhHub.User> accounts =
        accounts(
            etc.read("/etc/passwd").orElse(""),
            etc.read("/etc/shadow").orElse(""),
            etc.read("/etc/group").orElse(""),
            skipped);
    if (accounts.isEmpty()) {
      throw new QuickHubException(
          "The hub has no accounts to export (its /etc/passwd lists none).");
    }
    return accounts;
  }

  /**
   * People's accounts (uid in UID_MIN..UID_MAX, home /home/NAME) with their hashes and admin. A
   * person's account whose name breaks the contract's name rule, or whose gid is outside
   * GID_MIN..GID_MAX, is left out with why: a hub's /etc is writable from inside it, and names end
   * up in file names and commands.
   */
  static Map<String, Z2jhHub.User> accounts(
      String passwd, String shadow, String group, List<String> skipped) {
    Map<String, String> hashes = new LinkedHashMap<>();
    shadow
        .lines()
        .map(l -> l.split(":", -1))
        .filter(f -> f.length > 1)
        .forEach(f -> hashes.put(f[0], f[1]));
    List<String> admins =
        group
            .lines()
            .map(l -> l.split(":", -1))
            .filter(f -> f.length > 3 && f[0].equals(ADMIN_GROUP))
            .flatMap(f -> List.of(f[3].split(",")).stream())
            .toList();
    Map<String, Z2jhHub.User> accounts = new LinkedHashMap<>();
    for (String line : passwd.lines().toList()) {
      String[] f = line.split(":", -1);
      if (f.length < 7 || !f[5].startsWith("/home/")) {
        continue;
      }
      int uid;
      int gid;
      try {
        uid = Integer.parseInt(f[2]);
        gid = Integer.parseInt(f[3]);
      } catch (NumberFormatException e) {
        continue;
      }
      if (uid < UID_MIN || uid > UID_MAX) {
        continue; // a system account, not a person
      }
      String shown = ControlCharacters.quoted(f[0]);
      if (!ImageContract.get().isUserName(f[0])) {
        skipped.add("the account " + shown + " breaks the name rule; it is left out");
      } else if (gid < GID_MIN || gid > GID_MAX) {
        skipped.add("the account " + shown + " has gid " + gid + ", not a person's; left out");
      } else if (f[5].equals("/home/" + f[0])) {
        accounts.put(
            f[0], new Z2jhHub.User(f[0], uid, gid, admins.contains(f[0]), hashes.get(f[0]), 0));
      }
    }
    return accounts;
  }

  /**
   * One archive per account's home from one stream of /home: a home that is not a folder (a link,
   * say) is left out, and so is anything under /home that is no account's. Returns the bytes per
   * archived home.
   */
  private Map<String, Long> homes(
      String helper, java.util.Set<String> names, Path dir, List<String> skipped)
      throws IOException {
    Map<String, Long> bytes = new LinkedHashMap<>();
    Map<String, TarArchiveOutputStream> open = new LinkedHashMap<>();
    try (InputStream stream = new ContainerArchive(docker).read(helper, "/home");
        TarArchiveInputStream in = new TarArchiveInputStream(stream)) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String[] parts = entry.getName().split("/", 3); // home / NAME / rest
        if (parts.length < 2 || parts[1].isEmpty()) {
          continue;
        }
        String user = parts[1];
        String rest = parts.length > 2 ? parts[2] : "";
        if (!names.contains(user)) {
          continue;
        }
        if (rest.isEmpty()) {
          if (!entry.isDirectory()) {
            skipped.add("/home/" + user + " is not a folder; " + user + "'s home is left out");
            continue;
          }
          open.put(user, tar(dir.resolve("data/home-" + user + ".tar.gz")));
          bytes.put(user, 0L);
        }
        TarArchiveOutputStream out = open.get(user);
        if (out == null) {
          continue;
        }
        entry.setName("./" + rest);
        if (entry.isLink()) {
          String prefix = "home/" + user + "/";
          if (!entry.getLinkName().startsWith(prefix)) {
            skipped.add(
                ControlCharacters.quoted("/home/" + user + "/" + rest)
                    + " is a hard link out of the home; left out");
            continue;
          }
          entry.setLinkName("./" + entry.getLinkName().substring(prefix.length()));
        }
        out.putArchiveEntry(entry);
        if (entry.isFile()) {
          bytes.merge(user, in.transferTo(out), Long::sum);
        }
        out.closeArchiveEntry();
      }
    } finally {
      for (TarArchiveOutputStream out : open.values()) {
        out.finish();
        out.close();
      }
    }
    names.stream()
        .filter(
            n ->
                !bytes.containsKey(n)
                    && skipped.stream().noneMatch(s -> s.startsWith("/home/" + n + " ")))
        .forEach(n -> skipped.add(n + " has no home; the account is left out"));
    return bytes;
  }

  /** The folder at {@code path} as one archive of its contents; returns the bytes of its files. */
  private long archive(String helper, String path, Path file) throws IOException {
    long bytes = 0;
    try (InputStream stream = new ContainerArchive(docker).read(helper, path);
        TarArchiveInputStream in = new TarArchiveInputStream(stream);
        TarArchiveOutputStream out = tar(file)) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        int slash = entry.getName().indexOf('/');
        entry.setName("./" + (slash < 0 ? "" : entry.getName().substring(slash + 1)));
        if (entry.isLink()) {
          int linkSlash = entry.getLinkName().indexOf('/');
          entry.setLinkName("./" + entry.getLinkName().substring(linkSlash + 1));
        }
        out.putArchiveEntry(entry);
        if (entry.isFile()) {
          bytes += in.transferTo(out);
        }
        out.closeArchiveEntry();
      }
      out.finish();
    }
    return bytes;
  }

  /** A new gzip'd tar, mode 0600: homes hold private files. */
  private static TarArchiveOutputStream tar(Path file) throws IOException {
    TarArchiveOutputStream tar =
        new TarArchiveOutputStream(
            new GZIPOutputStream(new BufferedOutputStream(PrivateFile.create(file), 1 << 16)));
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return tar;
  }
}
