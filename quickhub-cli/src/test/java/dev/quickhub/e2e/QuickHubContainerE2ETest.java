package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.QuickHub;
import dev.quickhub.client.HubClient;
import dev.quickhub.testcontainers.QuickHubContainer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Testcontainers module as a user's test would use it; afterwards nothing is left. */
class QuickHubContainerE2ETest {

  @Test
  void ephemeralHubLogsInAFreshUserRunsCodeAndLeavesNothingBehind() throws Exception {
    try (TestHub names = new TestHub()) {
      java.util.Set<String> volumesBefore = volumeNames(names);
      java.util.Set<String> networksBefore = networkIds(names);
      String id;
      try (QuickHubContainer hub =
          new QuickHubContainer(QuickHub.builder().imageTag(names.image).build())
              .withUser("alice", "alice-pw-1")) {
        assertThatThrownBy(() -> names.docker().inspectImageCmd(names.image).exec())
            .as("the image is built at start(), not when the container is declared")
            .isInstanceOf(NotFoundException.class);
        long started = System.nanoTime();
        hub.start();
        id = hub.getContainerId();
        String token = hub.apiToken("alice");
        HttpResponse<String> me =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                    HttpRequest.newBuilder(hub.getHubUrl().resolve("hub/api/user"))
                        .header("Authorization", "token " + token)
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        System.out.printf(
            "QuickHubContainer: start() to a logged-in API call in %.1f s%n",
            (System.nanoTime() - started) / 1e9);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).containsPattern("\"name\": ?\"alice\"");

        HubClient alice = hub.login("alice");
        alice.startServer(Duration.ofMinutes(3));
        assertThat(alice.runCode("python3", "print(6 * 7)", Duration.ofMinutes(2)))
            .isEqualTo("42\n");
      }
      assertThatThrownBy(() -> names.docker().inspectContainerCmd(id).exec())
          .as("no container left")
          .isInstanceOf(NotFoundException.class);
      assertThat(volumeNames(names)).as("no volume left").isEqualTo(volumesBefore);
      assertThat(networkIds(names)).as("no network left").isEqualTo(networksBefore);
    }
  }

  private static java.util.Set<String> networkIds(TestHub engine) {
    return engine.docker().listNetworksCmd().exec().stream()
        .map(n -> n.getId())
        .collect(java.util.stream.Collectors.toSet());
  }

  private static java.util.Set<String> volumeNames(TestHub engine) {
    var volumes = engine.docker().listVolumesCmd().exec().getVolumes();
    return volumes == null
        ? java.util.Set.of()
        : volumes.stream().map(v -> v.getName()).collect(java.util.stream.Collectors.toSet());
  }
}
