package dev.quickhub.cli;

import dev.quickhub.backup.BackupManifest;
import dev.quickhub.report.QuickHubException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    header = "Write one archive of all the hub's volumes while it runs.",
    description = {
      "Homes, accounts and passwords (/etc), hub state, kernels for everyone and shared folders,"
          + " with numeric owners and modes; the hub database is copied with sqlite's backup. The"
          + " archive (gzip'd tar) is read through the engine's API, so remote engines work too, and"
          + " is written with mode 0600: it holds password hashes. 'quickhub restore' reads it back.",
      ""
    })
final class BackupCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "The archive to write (default: HUB-DATE-TIME.quickhub-backup.tar.gz here).")
  Path output;

  @Override
  public Integer call() {
    Path file =
        output != null
            ? output
            : Path.of(
                hub.name
                    + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + ".quickhub-backup.tar.gz");
    if (Files.exists(file)) {
      throw new QuickHubException(file + " exists already; choose another file with -o.");
    }
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      throw new QuickHubException(
          "The folder "
              + folder
              + " for the backup does not exist; create it or choose another file with -o.");
    }
    long started = System.nanoTime();
    BackupManifest manifest = hub.hub(spec.commandLine().getErr()).build().backup(file);
    var out = spec.commandLine().getOut();
    long files = manifest.volumes().stream().mapToLong(BackupManifest.Volume::entries).sum();
    out.printf(
        "Backed up hub %s (%d volumes, %d files) to %s (%s, mode 0600) in %.1f s.%n",
        hub.name,
        manifest.volumes().size(),
        files,
        file,
        LsCommand.size(file.toFile().length()),
        (System.nanoTime() - started) / 1e9);
    return 0;
  }
}
