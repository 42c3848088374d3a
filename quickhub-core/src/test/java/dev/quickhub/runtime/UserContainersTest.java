package dev.quickhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserContainersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aHubWithAGateCountsItsRunningUserContainers() {
    List<Container> labelled =
        List.of(
            container("course-gate", "running", Map.of("quickhub.gate", "true")),
            container("course-user-ann", "running", Map.of("quickhub.user", "ann")),
            container("course-user-bob", "running", Map.of("quickhub.user", "bob")),
            container("course-user-cy", "exited", Map.of("quickhub.user", "cy")),
            container("course", "running", Map.of()));

    assertThat(UserContainers.count("course", labelled))
        .isEqualTo(new ServerCount(Servers.CONTAINER, 2));
    assertThat(UserContainers.users(labelled)).hasSize(3);
  }

  @Test
  void aHubWithoutAGateRunsProcessesAndCountsNone() {
    List<Container> labelled =
        List.of(
            container("course", "running", Map.of()),
            container("course-user-ann", "running", Map.of("quickhub.user", "ann")));

    assertThat(UserContainers.count("course", labelled))
        .isEqualTo(new ServerCount(Servers.PROCESS, -1));
  }

  private static Container container(String name, String state, Map<String, String> labels) {
    Map<String, String> all = new HashMap<>(labels);
    all.put("quickhub.hub", "course");
    return JSON.convertValue(
        Map.of("Names", List.of("/" + name), "State", state, "Labels", all), Container.class);
  }
}
