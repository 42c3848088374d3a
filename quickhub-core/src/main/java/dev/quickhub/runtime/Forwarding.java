package dev.quickhub.runtime;

import dev.quickhub.engine.Engine;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.users.Account;
import java.net.URI;

/**
 * A hub on a remote (ssh://) engine, forwarded to a port of this machine. That port is on this
 * machine's loopback, open to every local user of it, so default passwords are refused first.
 */
public final class Forwarding {

  private final Engine engine;
  private final HubRuntime runtime;

  public Forwarding(Engine engine, HubRuntime runtime) {
    this.engine = engine;
    this.runtime = runtime;
  }

  /** Forwards local port {@code localPort} (0: a free one) to the hub's {@code url}. */
  public URI forward(HubSpec spec, URI url, int localPort) {
    if (engine.tunnel().isEmpty()) {
      throw new QuickHubException(
          Message.of(
              "{} needs an ssh:// engine ({} or DOCKER_HOST); this hub is reached at {} directly.",
              Setting.FORWARD,
              Setting.HOST,
              url));
    }
    PublishingStep.refuseForward(spec, Account.withDefaultPassword(runtime.accounts(spec.name())));
    return engine.reach(url, localPort);
  }
}
