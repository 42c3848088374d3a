package dev.quickhub.image;

import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.system.Commands;
import dev.quickhub.system.DebianPackages;
import dev.quickhub.system.Host;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The host's own mmdebstrap, run as root: the default where the host has it or can install it. */
final class HostMmdebstrap implements RootfsBuilder {

  private final Progress progress;

  HostMmdebstrap(Progress progress) {
    this.progress = progress;
  }

  /** Whether this host can build the base itself: root, with mmdebstrap or apt to install it. */
  static boolean works() {
    return Host.isRoot() && (Host.which("mmdebstrap").isPresent() || DebianPackages.canInstall());
  }

  @Override
  public String describe(BaseRecipe recipe) {
    return "mmdebstrap " + recipe.suite();
  }

  @Override
  public void build(BaseRecipe recipe, Path rootfs, Path log) throws IOException {
    ensureMmdebstrap();
    progress.say(
        "Building the base image from Debian "
            + recipe.suite()
            + " packages with mmdebstrap (a few minutes; log: "
            + log
            + ")");
    int code;
    try (Progress.Task task =
        progress.start(
            "Base image (mmdebstrap " + recipe.suite() + ")", MmdebstrapSteps.EXPECTED)) {
      code =
          Commands.run(
              recipe.mmdebstrapCommand(
                  rootfs.toString(), recipe.directory().toAbsolutePath().toString()),
              log,
              new MmdebstrapSteps(task, MmdebstrapSteps.EXPECTED));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while building the base image.");
    }
    if (code != 0) {
      throw MmdebstrapFailure.of(
          "Building the base image with mmdebstrap",
          code,
          recipe,
          log,
          Message.of(", or use {} with an existing image", Setting.BASE));
    }
  }

  private void ensureMmdebstrap() {
    if (Host.which("mmdebstrap").isPresent()) {
      return;
    }
    progress.say("mmdebstrap is missing: installing Debian's mmdebstrap package.");
    DebianPackages.install(List.of("mmdebstrap"), progress::say);
  }
}
