package dev.quickhub.runtime;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.client.HubClient;
import dev.quickhub.engine.Engine;
import dev.quickhub.engine.Labels;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.users.HubUsers;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Throw-away hubs for CI: everything made for one is labelled {@code quickhub.ephemeral}; it gets a
 * user {@value #CI_USER} with a random password and an API token, and only such a hub may be
 * removed as ephemeral.
 */
public final class EphemeralHubs {

  /** The user an ephemeral hub is made with. */
  public static final String CI_USER = "ci";

  private final Engine engine;
  private final HubContainers containers;

  public EphemeralHubs(Engine engine) {
    this.engine = engine;
    this.containers = new HubContainers(engine.client());
  }

  /** Adds the CI user to the new hub at {@code status}, logs in and makes it an API token. */
  public EphemeralHub welcome(HubStatus status, HubUsers users) {
    String password = users.add(List.of(CI_USER), false, List.of(), Optional.empty()).get(CI_USER);
    HubClient client = HubClient.at(engine.reach(URI.create(status.url())));
    if (!client.login(CI_USER, password)) {
      throw new QuickHubException("The new user " + CI_USER + " cannot log in to " + status.url());
    }
    return new EphemeralHub(
        status.name(), status.url(), CI_USER, client.newApiToken("quickhub up --ephemeral"));
  }

  /** Fails unless hub {@code name} was made as an ephemeral hub. */
  public void requireEphemeral(String name) {
    boolean ephemeral =
        containers
            .find(name)
            .map(c -> "true".equals(c.getConfig().getLabels().get(Labels.EPHEMERAL)))
            .orElseGet(() -> ephemeralVolume(name + "_home"));
    if (!ephemeral) {
      throw new QuickHubException(
          Message.of(
              "Hub {} was not made by {} (or is gone already); {} removes a lasting hub.",
              name,
              Setting.EPHEMERAL,
              Call.of(Call.Command.DESTROY, name)));
    }
  }

  private boolean ephemeralVolume(String volume) {
    try {
      Map<String, String> labels = engine.client().inspectVolumeCmd(volume).exec().getLabels();
      return labels != null && "true".equals(labels.get(Labels.EPHEMERAL));
    } catch (NotFoundException e) {
      return false;
    }
  }
}
