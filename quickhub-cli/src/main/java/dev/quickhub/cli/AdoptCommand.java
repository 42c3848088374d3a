package dev.quickhub.cli;

import dev.quickhub.QuickHub;
import dev.quickhub.runtime.Adopter;
import dev.quickhub.runtime.HubSpec;
import dev.quickhub.system.Dirs;
import dev.quickhub.tls.TlsSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "adopt",
    mixinStandardHelpOptions = true,
    header = "Take over a hub of the original quick-jupyterhub, keeping its accounts and homes.",
    description = {
      "For a hub run with 'docker run -v HUB_home:/home -v HUB_etc:/etc --name HUB quick-jupyterhub'"
          + " (HUB is --name, default quickjh). The original container is stopped (kept as"
          + " HUB-original unless it ran with --rm); its /etc is copied whole into the volume"
          + " HUB_etc-original; then quickhub's hub starts on the same volumes. Accounts keep their"
          + " names, uids, gids, password hashes and groups (such as sudo); the rest of /etc comes"
          + " from quickhub's image. Homes are kept and made 0700 with ~/notebook; the seed list's"
          + " admins become hub admins. No volume is deleted, and 'quickhub destroy' never removes"
          + " volumes quickhub did not create.",
      ""
    })
final class AdoptCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;
  @Mixin ImageOptions image;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Host port of the hub (default: " + HubSpec.DEFAULT_PORT + ").")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description =
          "Host address the port is published on (default: "
              + HubSpec.DEFAULT_BIND
              + "; the original published on every address).")
  String bind;

  @Option(
      names = "--insecure-http",
      description =
          "Allow plain HTTP on a non-loopback --bind (passwords cross the network readable); adopt"
              + " on loopback, then 'quickhub up --bind' with HTTPS, is the safer way.")
  boolean insecureHttp;

  @Override
  public Integer call() {
    HubSettings settings = new HubSettings(port, bind, image.base);
    QuickHub quickHub =
        image
            .applyTo(hub.hub(spec.commandLine().getErr()), settings)
            .port(port != null ? port : HubSpec.DEFAULT_PORT)
            .bind(bind != null ? bind : HubSpec.DEFAULT_BIND)
            .tls(new TlsSettings(null, null, null, null, null, null, insecureHttp ? true : null))
            .build();
    Adopter.Adoption adoption = quickHub.adopt();
    settings.save(Dirs.hubSettings(), hub.name);
    var out = spec.commandLine().getOut();
    adoption.accounts().forEach(line -> out.println("adopted " + line));
    out.println("The original /etc is kept as it was in volume " + adoption.etcCopy() + ".");
    adoption
        .keptContainer()
        .ifPresent(
            name -> out.println("The original container is kept, stopped, as " + name + "."));
    out.println("Hub " + adoption.status().name() + " is up at " + adoption.status().url());
    out.flush();
    return 0;
  }
}
