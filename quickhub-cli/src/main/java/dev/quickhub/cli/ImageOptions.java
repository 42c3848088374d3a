package dev.quickhub.cli;

import dev.quickhub.QuickHub;
import dev.quickhub.image.HubImage;
import picocli.CommandLine.Option;

/** Options that choose the image, its base, and its tag in the engine. */
final class ImageOptions extends SourceOptions {

  @Option(
      names = "--image",
      paramLabel = "NAME:TAG",
      defaultValue = HubImage.DEFAULT_TAG,
      description = "Tag of the hub image in the engine (default: ${DEFAULT-VALUE}).")
  String image;

  @Override
  QuickHub.Builder applyTo(QuickHub.Builder hub, HubSettings remembered) {
    return super.applyTo(hub, remembered).imageTag(image);
  }
}
