package dev.quickhub.cli;

import dev.quickhub.image.HubImage;
import dev.quickhub.image.ImageSources;
import dev.quickhub.system.Dirs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    header = "Build the quick-jupyterhub image with Jib, without starting anything.",
    description = {
      "The Debian base is built once with mmdebstrap and cached by the hash of image/base/ and"
          + " the hub folder's packages.txt (extra Debian packages, one name per line);"
          + " --refresh-base rebuilds it with today's packages. The same inputs give the same image id.",
      ""
    })
final class BuildCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;
  @Mixin ImageOptions image;

  @Option(
      names = "--print-base-key",
      description =
          "Print the hash that names the cached Debian base (the folder base/HASH in quickhub's"
              + " cache) and build nothing: a CI cache key that changes with image/base/ and"
              + " packages.txt.")
  boolean printBaseKey;

  @Override
  public Integer call() {
    if (printBaseKey) {
      // The recipe alone decides the key: no engine is needed, and nothing is built.
      spec.commandLine()
          .getOut()
          .println(ImageSources.locate(image.project, Dirs.cache()).baseRecipe().shortHash());
      return 0;
    }
    HubImage built =
        image.applyTo(hub.hub(spec.commandLine().getErr()), hub.remembered()).build().buildImage();
    spec.commandLine()
        .getOut()
        .println("Built " + built.tag() + " " + built.id() + " on " + built.base());
    return 0;
  }
}
