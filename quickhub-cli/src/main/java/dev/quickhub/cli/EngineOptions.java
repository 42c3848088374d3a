package dev.quickhub.cli;

import dev.quickhub.QuickHub;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Options of every command that talks to an engine: which one, and whether it may be set up. */
final class EngineOptions {

  @Option(
      names = "--host",
      paramLabel = "URI",
      description =
          "The Docker engine: unix:///var/run/docker.sock, tcp://HOST:2375, or ssh://USER@HOST[:PORT]"
              + " (over SSH, host key checked against ~/.ssh/known_hosts; keys from ~/.ssh or the"
              + " ssh-agent). Default: DOCKER_HOST, else the local socket.")
  String host;

  @Option(
      names = "--accept-new-host-key",
      description = "With an ssh:// host: trust its key on first use, adding it to known_hosts.")
  boolean acceptNewHostKey;

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

  /** A builder on this engine, reporting progress to {@code err}. */
  QuickHub.Builder hub(PrintWriter err) {
    return QuickHub.builder()
        .host(host)
        .acceptNewHostKey(acceptNewHostKey)
        .mayStartEngine(!noInstallEngine)
        .progress(ConsoleProgress.to(err));
  }
}
