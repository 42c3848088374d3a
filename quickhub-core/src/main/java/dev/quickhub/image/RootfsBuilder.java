package dev.quickhub.image;

import java.io.IOException;
import java.nio.file.Path;

/** Runs a base recipe to a root file system tar: on the host, or in a builder container. */
interface RootfsBuilder {

  /**
   * Writes the recipe's root file system to {@code rootfs}, everything the build printed to {@code
   * log}; fails with a sentence that names the log.
   */
  void build(BaseRecipe recipe, Path rootfs, Path log) throws IOException;

  /** How the base is made, for the image's history: "mmdebstrap trixie" and where. */
  String describe(BaseRecipe recipe);
}
