package dev.quickhub.cli;

import dev.quickhub.runtime.HubSpec;
import dev.quickhub.z2jh.Z2jhExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "z2jh",
    mixinStandardHelpOptions = true,
    header = "Write the hub as files for Zero to JupyterHub (Helm chart 4.4.0).",
    description = {
      "Reads the hub, which must be down (quickhub down first), through the engine: its accounts with their current"
          + " password hashes, homes, shared folders and what 'up' remembered (--user-memory,"
          + " --user-cpus, --cull-idle, --domain). Writes into DIR: config.yaml for the chart (no"
          + " hashes), secret-passwords.yaml (the hashes, mode 0600), an archive per home and share"
          + " (mode 0600), the claims and Jobs that load them, load-data.sh, and README.md with the"
          + " helm and kubectl commands in order. Makes no registry call.",
      ""
    })
final class ExportZ2jhCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR",
      description =
          "The folder to write: new (made mode 0700), or an empty one of yours that only you"
              + " may write (not a link).")
  Path output;

  @Option(
      names = "--image",
      paramLabel = "REF",
      description =
          "The image users' servers run, as the cluster pulls it (REGISTRY/NAME:TAG or"
              + " ...@sha256:DIGEST). Default: the one this hub's last 'quickhub push' printed.")
  String image;

  @Override
  public Integer call() {
    HubSettings settings = hub.remembered();
    String reference = image != null && !image.isBlank() ? image : settings.pushedImage();
    if (reference == null) {
      throw new ParameterException(
          spec.commandLine(),
          "Hub "
              + hub.name
              + " was never pushed: give --image REF (the reference the cluster pulls the hub"
              + " image from) or run 'quickhub push REF' first.");
    }
    Z2jhExport.Result result =
        hub.hub(spec.commandLine().getErr())
            .port(settings.port() != null ? settings.port() : HubSpec.DEFAULT_PORT)
            .bind(settings.bind() != null ? settings.bind() : HubSpec.DEFAULT_BIND)
            .spec(settings::applyTo)
            .tls(settings.tls())
            .build()
            .exportZ2jh(output, reference);
    PrintWriter out = spec.commandLine().getOut();
    result.skipped().forEach(line -> out.println("Left out: " + line + "."));
    out.printf(
        "Exported hub %s (%d accounts, %d shared folders) for Zero to JupyterHub into %s; its"
            + " README.md has the commands, in order.%n",
        hub.name, result.hub().users().size(), result.hub().shares().size(), output);
    return 0;
  }
}
