package dev.quickhub.cli;

import dev.quickhub.runtime.HubSpec;
import dev.quickhub.tls.HubCertificates;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "renew",
    mixinStandardHelpOptions = true,
    header = "Renew the running hub's HTTPS certificate when it is due.",
    description = {
      "Meant for cron (e.g. daily): with the options 'up' remembered, an ACME or self-signed"
          + " certificate with less than 30 days left is replaced and the hub restarted to serve it;"
          + " otherwise nothing changes. Prints what it did. A failure leaves the current certificate.",
      ""
    })
final class RenewCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Option(names = "--force", description = "Renew now, even when the certificate is not due.")
  boolean force;

  @Override
  public Integer call() {
    HubSettings settings = hub.remembered();
    HubCertificates.Outcome outcome =
        hub.hub(spec.commandLine().getErr())
            .port(settings.port() != null ? settings.port() : HubSpec.DEFAULT_PORT)
            .bind(settings.bind() != null ? settings.bind() : HubSpec.DEFAULT_BIND)
            .spec(settings::applyTo)
            .tls(settings.tls())
            .build()
            .renew(force);
    spec.commandLine()
        .getOut()
        .println(
            outcome.changed()
                ? "Renewed: " + outcome.summary() + " Hub " + hub.name + " restarted with it."
                : outcome.summary());
    return 0;
  }
}
