package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.client.HubClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A hub whose container crashed while its servers ran in containers, brought up again with its
 * servers as processes: up removes its gate and user containers (down was skipped) and status
 * counts none.
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
    }
  }
}
