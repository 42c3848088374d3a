package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.quickhub.engine.Labels;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A hub's containers besides its own, as the engine lists them by label: its gate (only a hub whose
 * servers run in containers has one) and its users' containers.
 */
final class UserContainers {

  private UserContainers() {}

  /** Every container labelled for {@code hub}, running or not. */
  static List<Container> labelled(DockerClient docker, String hub) {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.HUB, hub))
        .exec();
  }

  /** The user containers among {@code containers}: labelled for a user. */
  static List<Container> users(Collection<Container> containers) {
    return containers.stream().filter(c -> label(c, HubGate.USER_LABEL) != null).toList();
  }

  /**
   * Where {@code hub}'s servers run, and how many of its user containers run, from {@code
   * containers} (those labelled for it): in containers when it has a gate.
   */
  static ServerCount count(String hub, Collection<Container> containers) {
    boolean gate =
        containers.stream()
            .anyMatch(
                c ->
                    hub.equals(label(c, Labels.HUB))
                        && "true".equals(label(c, HubGate.GATE_LABEL)));
    if (!gate) {
      return new ServerCount(Servers.PROCESS, -1);
    }
    int running =
        (int)
            users(containers).stream()
                .filter(c -> hub.equals(label(c, Labels.HUB)))
                .filter(c -> "running".equals(c.getState()))
                .count();
    return new ServerCount(Servers.CONTAINER, running);
  }

  private static String label(Container container, String key) {
    return container.getLabels() == null ? null : container.getLabels().get(key);
  }
}
