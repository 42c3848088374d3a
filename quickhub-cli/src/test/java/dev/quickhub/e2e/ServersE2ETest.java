package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import org.junit.jupiter.api.Test;

/** 'quickhub users start': servers started before a class, so a login finds its server ready. */
class ServersE2ETest {

  @Test
  void serversStartedBeforeLoginAreReadyAtLogin() throws Exception {
    try (TestHub hub = new TestHub()) {
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();

      Cli neither = Cli.run("users", "start", "--name", hub.name);
      assertThat(neither.exitCode()).isNotZero();
      assertThat(neither.err()).contains("Give either --all or user names");
      Cli unknown = Cli.run("users", "start", "--name", hub.name, "nosuchuser");
      assertThat(unknown.exitCode()).isNotZero();
      assertThat(unknown.err())
          .contains("no such account: nosuchuser; check 'quickhub users list'.");

      // The seed accounts have never logged in: the hub does not know them yet.
      Cli start = Cli.run("users", "start", "--all", "--name", hub.name);
      assertThat(start.exitCode()).as(start.err()).isZero();
      assertThat(start.out()).contains("started admin").contains("all 2 servers are running");

      HubClient user1 = HubClient.at(hub.url());
      assertThat(user1.login("user1", "user1")).isTrue();
      assertThat(user1.get("/hub/api/user").body())
          .as("running before user1 asked for it")
          .containsPattern("\"ready\":\\s*true");
      assertThat(user1.get("/user/user1/api/status").statusCode()).isEqualTo(200);

      Cli again = Cli.run("users", "start", "--all", "--name", hub.name);
      assertThat(again.exitCode()).isZero();
      assertThat(again.out()).contains("2 of 2 servers already running; starting 0");
    }
  }
}
