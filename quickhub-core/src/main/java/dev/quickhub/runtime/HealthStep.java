package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.quickhub.engine.Engine;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Step: waits until the hub answers {@code /hub/health} with 200 through its published port, and
 * fails with the end of its log when it crashes or does not answer in time.
 */
final class HealthStep implements UpStep {

  private final Engine engine;
  private final DockerClient docker;
  private final HubLogs logs;
  private final Progress progress;
  private final Duration timeout;

  HealthStep(Engine engine, Progress progress, Duration timeout) {
    this.engine = engine;
    this.docker = engine.client();
    this.logs = new HubLogs(docker);
    this.progress = progress;
    this.timeout = timeout;
  }

  @Override
  public void run(UpState up) {
    waitFor(up.spec());
  }

  void waitFor(HubSpec spec) {
    // HTTP/1.1: the proxy in front of the hub drops Java's default HTTP/2 upgrade request.
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2));
    if (spec.tls()) {
      // Only "is it up" is asked and nothing secret is sent, so any certificate will do here
      // (a self-signed one, or one for a domain that does not name this address).
      builder.sslContext(HealthTls.trustingAny());
    }
    HttpClient http = builder.build();
    URI health = engine.reach(URI.create(spec.url() + "hub/health"));
    Instant deadline = Instant.now().plus(timeout);
    progress.say("Waiting for the hub to answer at " + spec.url() + " ...");
    try {
      while (Instant.now().isBefore(deadline)) {
        InspectContainerResponse container = docker.inspectContainerCmd(spec.name()).exec();
        if (crashed(container)) {
          stop(container.getId());
          throw new QuickHubException(
              Message.of(
                  "Hub {} stopped while starting (exit code {}); it is left stopped for {}. Its"
                      + " log ends with:\n{}",
                  spec.name(),
                  String.valueOf(container.getState().getExitCodeLong()),
                  Call.of(Call.Command.LOGS, spec.name()),
                  logs.tail(container.getId(), 20)));
        }
        try {
          HttpResponse<Void> response =
              http.send(
                  HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // Not listening yet.
        }
        Thread.sleep(500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while waiting for hub " + spec.name() + ".");
    }
    throw new QuickHubException(
        Message.of(
            "Hub {} did not answer at {} within {} s; {} shows why. Its log ends with:\n{}",
            spec.name(),
            health,
            timeout.toSeconds(),
            Call.of(Call.Command.LOGS, spec.name()),
            logs.tail(spec.name(), 20)));
  }

  /** The restart policy brings a crashing hub back at once, so a restart counts as a crash. */
  private static boolean crashed(InspectContainerResponse container) {
    var state = container.getState();
    return !Boolean.TRUE.equals(state.getRunning())
        || Boolean.TRUE.equals(state.getRestarting())
        || (container.getRestartCount() != null && container.getRestartCount() > 0);
  }

  private void stop(String id) {
    try {
      docker.stopContainerCmd(id).withTimeout(5).exec();
    } catch (NotModifiedException e) {
      // Already stopped.
    }
  }
}
