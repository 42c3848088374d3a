package dev.quickhub.cli;

import dev.quickhub.Dirs;
import dev.quickhub.QuickHub;
import dev.quickhub.runtime.HubSettings;
import dev.quickhub.runtime.HubSpec;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Options every command shares: which hub, and whether a missing engine may be set up. */
final class HubOptions {

  @Option(
      names = "--name",
      paramLabel = "HUB",
      defaultValue = HubSpec.DEFAULT_NAME,
      description =
          "The hub: container HUB, volumes HUB_home, HUB_etc, HUB_srv (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--host",
      paramLabel = "URI",
      description =
          "The Docker engine, e.g. unix:///var/run/docker.sock or tcp://HOST:2375 (default: DOCKER_HOST,"
              + " else the local socket).")
  String host;

  @Option(
      names = "--no-install-engine",
      description =
          "When no Docker engine answers, fail instead of installing Debian's docker.io and starting dockerd"
              + " (which is done only as root on Debian-like systems).")
  boolean noInstallEngine;

  @Option(
      names = "--verbose",
      description = "Log what Jib and the engine do, and show stack traces.")
  boolean verbose;

  /** The options this hub was last brought up with. */
  HubSettings remembered() {
    return HubSettings.load(Dirs.hubSettings(), name);
  }

  /** A builder for this hub, reporting progress to {@code err}. */
  QuickHub.Builder hub(PrintWriter err) {
    return QuickHub.builder()
        .name(name)
        .host(host)
        .mayStartEngine(!noInstallEngine)
        .progress(ConsoleProgress.to(err));
  }
}
