package dev.quickhub.cli;

import dev.quickhub.QuickHub;
import dev.quickhub.runtime.HubSpec;
import dev.quickhub.system.Dirs;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every hub command shares: which hub, on which engine. */
final class HubOptions {

  @Option(
      names = "--name",
      paramLabel = "HUB",
      defaultValue = HubSpec.DEFAULT_NAME,
      description =
          "The hub: container HUB, volumes HUB_home, HUB_etc, HUB_srv (default: ${DEFAULT-VALUE}).")
  String name;

  @Mixin EngineOptions engine;

  /** The options this hub was last brought up with. */
  HubSettings remembered() {
    return HubSettings.load(Dirs.hubSettings(), name);
  }

  /** A builder for this hub, reporting progress to {@code err}. */
  QuickHub.Builder hub(PrintWriter err) {
    return engine.hub(err).name(name);
  }
}
