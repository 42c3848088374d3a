package dev.quickhub.cli;

import dev.quickhub.backup.BackupManifest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    header = "Rebuild a hub's volumes from a 'quickhub backup' archive.",
    description = {
      "The whole archive is read first: a truncated or corrupt one fails before anything is written."
          + " The hub (--name, which may differ from the one backed up) must be down, and its volumes"
          + " empty or absent; --force replaces the files of volumes that have some. Users,"
          + " passwords, uids, files, modes and admin rights come back as they were; start the hub"
          + " with 'quickhub up' afterwards.",
      ""
    })
final class RestoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;
  @Mixin ImageOptions image;

  @Parameters(paramLabel = "FILE", description = "The backup archive.")
  Path file;

  @Option(names = "--force", description = "Replace the files of volumes that have some.")
  boolean force;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    BackupManifest manifest =
        image
            .applyTo(hub.hub(spec.commandLine().getErr()), hub.remembered())
            .build()
            .restore(file, force);
    spec.commandLine()
        .getOut()
        .printf(
            "Restored the backup of hub %s (%s) into hub %s in %.1f s; start it with 'quickhub up"
                + " --name %s'.%n",
            manifest.hub(),
            manifest.created(),
            hub.name,
            (System.nanoTime() - started) / 1e9,
            hub.name);
    return 0;
  }
}
