package dev.quickhub.image;

import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import dev.quickhub.engine.EngineDockerClient;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.util.Optional;
import java.util.function.Supplier;

/** The base as Jib's starting image: from its archive, the engine or a registry. */
final class JibBase {

  private JibBase() {}

  /**
   * @param engineCopy the engine's tag of a cached base, when Jib may read it there: its layers
   *     then come from Jib's own cache (keyed by the engine's image id), not from the archive,
   *     which it would unpack on every build
   */
  static JibContainerBuilder of(
      BaseImage base, Supplier<EngineDockerClient> engine, Optional<String> engineCopy) {
    try {
      return switch (base.source()) {
        case TARBALL ->
            engineCopy.isPresent()
                ? Jib.from(engine.get(), DockerDaemonImage.named(engineCopy.get()))
                : Jib.from(TarImage.at(base.tarball().orElseThrow()));
        case ENGINE -> Jib.from(engine.get(), DockerDaemonImage.named(base.reference()));
        case REGISTRY -> Jib.from(RegistryImage.named(base.reference()));
      };
    } catch (InvalidImageReferenceException e) {
      throw new QuickHubException(
          Message.of(
              "'{}' is not an image reference; give {} as name[:tag], a registry reference or a"
                  + " tarball path.",
              base.reference(),
              Setting.BASE),
          e);
    }
  }
}
