package dev.quickhub.cli;

import dev.quickhub.QuickHub;
import dev.quickhub.runtime.HubSpec;
import dev.quickhub.runtime.HubStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    header = "Build the image when needed and start the hub.",
    description = {
      "The first run builds the Debian base (minutes) and the hub image, creates the volumes, starts the"
          + " container and waits until the hub answers. Later runs keep files, accounts, passwords and hub"
          + " state; the container is replaced only when the image or the options changed.",
      ""
    })
final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;
  @Mixin ImageOptions image;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + HubSpec.DEFAULT_PORT,
      description = "Host port of the hub (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = HubSpec.DEFAULT_BIND,
      description =
          "Host address the port is published on (default: ${DEFAULT-VALUE}, this machine only). Another"
              + " address is refused while any account still has its default password.")
  String bind;

  @Override
  public Integer call() {
    QuickHub quickHub =
        image.applyTo(hub.hub(spec.commandLine().getErr())).port(port).bind(bind).build();
    HubStatus status = quickHub.up();
    var out = spec.commandLine().getOut();
    out.println("Hub " + status.name() + " is up at " + status.url());
    StatusPrinter.accounts(out, status.accounts());
    out.flush();
    return 0;
  }
}
