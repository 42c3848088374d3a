package dev.quickhub.cli;

import dev.quickhub.image.HubImage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    header = "Build the quick-jupyterhub image with Jib, without starting anything.",
    description = {
      "The Debian base is built once with mmdebstrap and cached by the hash of image/base/;"
          + " --refresh-base rebuilds it with today's packages. The same inputs give the same image id.",
      ""
    })
final class BuildCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;
  @Mixin ImageOptions image;

  @Override
  public Integer call() {
    HubImage built =
        image.applyTo(hub.hub(spec.commandLine().getErr()), hub.remembered()).build().buildImage();
    spec.commandLine()
        .getOut()
        .println("Built " + built.tag() + " " + built.id() + " on " + built.base());
    return 0;
  }
}
