package dev.quickhub.cli;

import dev.quickhub.QuickHub;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that choose what the image is made of: the hub folder and the base. */
class SourceOptions {

  @Option(
      names = "--base",
      paramLabel = "REF",
      description =
          "Build on this image instead of the Debian base made by mmdebstrap: a docker-archive tarball,"
              + " an image in the engine, or a registry reference. Remembered for the hub's next up.")
  String base;

  @Option(
      names = "--refresh-base",
      description = "Rebuild the cached Debian base with today's packages (security updates).")
  boolean refreshBase;

  @Option(
      names = "--builder-image",
      paramLabel = "REF",
      description =
          "Build the Debian base with mmdebstrap inside a container from this Debian image (pulled"
              + " with the credentials of the Docker config file) instead of on this machine."
              + " Without it, the base is built on this machine as root where mmdebstrap is (or can"
              + " be installed), else in a container from debian:SUITE-slim: no root needed.")
  String builderImage;

  @Option(
      names = "--project",
      paramLabel = "DIR",
      description =
          "Hub folder whose image/, users/seed.csv and volumes/hub.yaml are used (see 'quickhub"
              + " init'); default: QUICKHUB_HOME, else the current folder when it holds users/ or"
              + " image/, else the built-in ones.")
  Path project;

  /** Applies these options, with {@code remembered} filling in what was not given. */
  QuickHub.Builder applyTo(QuickHub.Builder hub, HubSettings remembered) {
    return hub.project(project)
        .base(base != null ? base : remembered.base())
        .refreshBase(refreshBase)
        .builderImage(builderImage);
  }
}
