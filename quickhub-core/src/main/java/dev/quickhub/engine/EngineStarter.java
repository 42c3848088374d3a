package dev.quickhub.engine;

import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.system.DebianPackages;
import dev.quickhub.system.Host;
import dev.quickhub.system.Logs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Gets a local engine answering on a fresh machine: on a Debian-like host and as root it installs
 * Debian's docker.io package when dockerd is missing and starts dockerd in the background. Anywhere
 * else it says what to do.
 */
public final class EngineStarter {

  private static final Path DOCKERD_LOG = Path.of("/var/log/quickhub-dockerd.log");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Progress progress;

  public EngineStarter(Progress progress) {
    this.progress = progress;
  }

  /**
   * Returns the engine once it answers.
   *
   * @param mayStart whether the launcher may install and start an engine itself
   */
  public Engine ensure(Engine engine, boolean mayStart) {
    if (engine.answers()) {
      return engine;
    }
    if (!mayStart || !engine.isDefaultLocalSocket() || !DebianPackages.canInstall()) {
      return engine.requireAnswering();
    }
    if (Host.which("dockerd").isEmpty()) {
      progress.say(
          Message.of(
              "No Docker engine found: installing Debian's docker.io package ({} refuses).",
              Setting.NO_INSTALL_ENGINE));
      DebianPackages.install(List.of("docker.io"), progress::say);
    }
    progress.say("Starting dockerd in the background (log: " + DOCKERD_LOG + ").");
    start();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (engine.answers()) {
        return engine;
      }
      sleep();
    }
    throw new QuickHubException(
        "dockerd did not answer within "
            + START_TIMEOUT.toSeconds()
            + " s; see "
            + DOCKERD_LOG
            + ". Last lines:\n"
            + Logs.tail(DOCKERD_LOG, 10));
  }

  private static void start() {
    // setsid keeps dockerd running after the launcher exits, detached from its terminal.
    List<String> command =
        Host.which("setsid").isPresent() ? List.of("setsid", "dockerd") : List.of("dockerd");
    try {
      new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(DOCKERD_LOG.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
    } catch (IOException e) {
      throw new QuickHubException("Could not start dockerd: " + e.getMessage(), e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while waiting for dockerd to answer.");
    }
  }
}
