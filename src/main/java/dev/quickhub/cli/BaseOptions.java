package dev.quickhub.cli;

import dev.quickhub.QuickHub;
import picocli.CommandLine.Option;

/** Options that choose the base image. */
final class BaseOptions {

  @Option(
      names = "--base",
      paramLabel = "REF",
      description =
          "Build on this image instead of the Debian base made by mmdebstrap: a docker-archive tarball,"
              + " an image in the engine, or a registry reference.")
  String base;

  @Option(
      names = "--refresh-base",
      description = "Rebuild the cached Debian base with today's packages (security updates).")
  boolean refreshBase;

  QuickHub.Builder applyTo(QuickHub.Builder hub) {
    return hub.base(base).refreshBase(refreshBase);
  }
}
