package dev.quickhub.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import dev.quickhub.contract.ImageTool;
import dev.quickhub.engine.OneShot;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.users.Account;
import java.util.List;

/**
 * Step: refuses to publish a hub where others can reach it unsafely: a public address over plain
 * HTTP unless asked for by name, or while an account still has its default password (its name). The
 * decisions are static, so the facade can make them early and tests without an engine.
 */
final class PublishingStep implements UpStep {

  private final DockerClient docker;

  PublishingStep(DockerClient docker) {
    this.docker = docker;
  }

  /**
   * On a public address, seeds the accounts and lists them in a one-shot container on the hub's
   * volumes, before anything is published.
   */
  @Override
  public void run(UpState up) {
    HubSpec spec = up.spec();
    requireHttps(spec);
    if (!needsAccountCheck(spec)) {
      return;
    }
    JsonNode accounts =
        ImageTool.oneShot(
                new OneShot(docker),
                up.image().id(),
                spec.name(),
                HubContainers.binds(spec.name(), up.volumes()))
            .saying(
                error ->
                    Message.of("Checking the accounts of hub {} failed: {}", spec.name(), error))
            .run("quickhub-accounts", List.of("--seed"));
    refuseDefaultPasswords(spec, Account.withDefaultPassword(Account.list(accounts)));
  }

  /** Only a hub others can reach needs its passwords checked. */
  static boolean needsAccountCheck(HubSpec spec) {
    return !spec.isLoopback();
  }

  /** A public address needs HTTPS, or plain HTTP asked for by name. */
  static void requireHttps(HubSpec spec) {
    if (!spec.isLoopback() && !spec.tls() && !spec.insecureHttp()) {
      throw new QuickHubException(
          Message.of(
              "Refusing to publish hub {} on {} over plain HTTP, where passwords cross the network"
                  + " readable; serve HTTPS with {} and {}, {} and {}, or {} (or add {} on a"
                  + " network you trust).",
              spec.name(),
              spec.bind(),
              Setting.DOMAIN,
              Setting.ACME_EMAIL,
              Setting.TLS_CERT,
              Setting.TLS_KEY,
              Setting.SELF_SIGNED,
              Setting.INSECURE_HTTP));
    }
  }

  /**
   * Refuses to publish {@code spec} on its public address while these accounts' passwords are their
   * names.
   */
  static void refuseDefaultPasswords(HubSpec spec, List<String> defaults) {
    if (!defaults.isEmpty()) {
      throw new QuickHubException(
          "Refusing to publish hub "
              + spec.name()
              + " on "
              + spec.bind()
              + " while "
              + String.join(", ", defaults)
              + " still use the default password; change them first (or keep the default loopback"
              + " bind).");
    }
  }

  /**
   * Refuses to forward the hub to this machine's loopback, open to every local user of it, while
   * these accounts' passwords are their names.
   */
  static void refuseForward(HubSpec spec, List<String> defaults) {
    if (!defaults.isEmpty()) {
      throw new QuickHubException(
          "Refusing to forward hub "
              + spec.name()
              + " to this machine, where every local user can reach it, while "
              + String.join(", ", defaults)
              + " still use the default password; change them first.");
    }
  }
}
