package dev.quickhub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    header = "Write the hub as files for another platform.",
    description = {
      "For a class that outgrows one machine: 'export z2jh' writes the hub for Zero to JupyterHub"
          + " on Kubernetes (see docs/kubernetes.md).",
      ""
    },
    subcommands = {ExportZ2jhCommand.class})
final class ExportCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
