package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.cli.HubSettings;
import dev.quickhub.client.HubClient;
import dev.quickhub.system.Dirs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A hub whose container crashed while its servers ran in containers, brought up again with its
 * servers as processes: up removes its gate and user containers (down was skipped) and status
 * counts none. A new hub named like that hub's user container ({@code HUB-user-user1}) is refused
 * in process mode too, and makes nothing.
 */
class ServersModeSwitchE2ETest {

  private static final Duration START = Duration.ofMinutes(3);

  @Test
  void processModeAfterACrashRemovesTheGateAndUserContainers() throws Exception {
    try (TestHub hub = new TestHub()) {
      Cli up = Cli.run(hub.args("up", "--servers", "container"));
      assertThat(up.exitCode()).as(up.err()).isZero();
      HubClient user1 = HubClient.at(hub.url());
      assertThat(user1.login("user1", "user1")).isTrue();
      user1.startServer(START);
      DockerClient docker = hub.docker();
      String user1Container = hub.userContainer("user1");
      assertThat(docker.inspectContainerCmd(user1Container).exec().getState().getRunning())
          .isTrue();

      docker.killContainerCmd(hub.name).exec();
      Cli process = Cli.run(hub.args("up", "--servers", "process"));
      assertThat(process.exitCode()).as(process.err()).isZero();
      for (String left : new String[] {hub.name + "-gate", user1Container}) {
        assertThatThrownBy(() -> docker.inspectContainerCmd(left).exec())
            .as(left)
            .isInstanceOf(NotFoundException.class);
      }
      assertThat(Cli.run("status", "--name", hub.name).out())
          .containsPattern("servers: +process\\n")
          .doesNotContain("running)");

      String clash = user1Container;
      try {
        Cli refused =
            Cli.run(
                "up",
                "--name",
                clash,
                "--image",
                hub.image,
                "--port",
                String.valueOf(TestHub.freePort()));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err())
            .contains(
                "Hub name '"
                    + clash
                    + "' has '-user-' in it or ends in '-user', so its containers could take the"
                    + " names of another hub's user containers; give a new hub a name without"
                    + " that.");
        assertThat(TestHub.leftovers(docker, clash)).isEmpty();
      } finally {
        Cli.run("destroy", "--name", clash, "--yes");
        HubSettings.forget(Dirs.hubSettings(), clash);
      }
    }
  }
}
