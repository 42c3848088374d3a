package dev.quickhub.image;

import dev.quickhub.system.Dirs;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a hub's image is made, apart from what the hub is: the sources, the base, the tag in the
 * engine, and where bases and layers are cached. Every setting has a default.
 */
public final class ImageSettings {

  private final ImageSources givenSources;
  private final Path project;
  private final String base;
  private final boolean refreshBase;
  private final String builderImage;
  private final String tag;
  private final Path cacheDir;
  private ImageSources sources;

  private ImageSettings(Builder builder) {
    this.givenSources = builder.sources;
    this.project = builder.project;
    this.base = builder.base;
    this.refreshBase = builder.refreshBase;
    this.builderImage = builder.builderImage;
    this.tag = builder.tag;
    this.cacheDir = builder.cacheDir != null ? builder.cacheDir : Dirs.cache();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The sources given, else those of the hub folder resolved on first use: commands that never
   * build (ls, down) neither look for a hub folder nor unpack the built-ins.
   */
  public synchronized ImageSources sources() {
    if (sources == null) {
      sources = givenSources != null ? givenSources : ImageSources.locate(project, cacheDir);
    }
    return sources;
  }

  /** The base asked for; empty: the Debian recipe's. */
  public Optional<String> base() {
    return Optional.ofNullable(base);
  }

  public boolean refreshBase() {
    return refreshBase;
  }

  /** The image to build the Debian base in, when one was asked for. */
  public Optional<String> builderImage() {
    return Optional.ofNullable(builderImage);
  }

  public String tag() {
    return tag;
  }

  public Path cacheDir() {
    return cacheDir;
  }

  /** Builds {@link ImageSettings}. */
  public static final class Builder {
    private ImageSources sources;
    private Path project;
    private String base;
    private boolean refreshBase;
    private String builderImage;
    private String tag = HubImage.DEFAULT_TAG;
    private Path cacheDir;

    /** The sources themselves; default: those {@link ImageSources#locate} finds. */
    public Builder sources(ImageSources sources) {
      this.sources = sources;
      return this;
    }

    /** The hub folder to take sources from before QUICKHUB_HOME and the current folder. */
    public Builder project(Path project) {
      this.project = project;
      return this;
    }

    /**
     * A base image instead of the Debian recipe: tarball path, engine image or registry reference.
     */
    public Builder base(String base) {
      this.base = base;
      return this;
    }

    /** Rebuild the cached base with today's packages. */
    public Builder refreshBase(boolean refreshBase) {
      this.refreshBase = refreshBase;
      return this;
    }

    /**
     * Build the Debian base in a container from this image (a Debian image with apt) even where the
     * host could run mmdebstrap; default: on the host as root where it can, else in a container
     * from Debian's slim image of the recipe's suite.
     */
    public Builder builderImage(String builderImage) {
      this.builderImage = builderImage;
      return this;
    }

    /** The hub image's tag in the engine; default {@value HubImage#DEFAULT_TAG}. */
    public Builder tag(String tag) {
      this.tag = tag;
      return this;
    }

    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = cacheDir;
      return this;
    }

    public ImageSettings build() {
      return new ImageSettings(this);
    }
  }
}
