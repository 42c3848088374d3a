package dev.quickhub.image;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The image the hub image is built on: a docker-archive tarball (the cached Debian base, or one the
 * user gives), an image already in the engine, or a registry reference.
 */
public final class BaseImage {

  /** Where the base comes from. */
  public enum Source {
    TARBALL,
    ENGINE,
    REGISTRY
  }

  private final Source source;
  private final String reference;
  private final Path tarball;
  private final String created;
  private final String imageId;
  private final String engineTag;

  private BaseImage(
      Source source,
      String reference,
      Path tarball,
      String created,
      String imageId,
      String engineTag) {
    this.source = Objects.requireNonNull(source);
    this.reference = Objects.requireNonNull(reference);
    this.tarball = tarball;
    this.created = created;
    this.imageId = imageId;
    this.engineTag = engineTag;
  }

  /**
   * A docker-archive on disk, such as the cached base built from the recipe.
   *
   * @param imageId the engine's id for it when known, so that a base already in the engine is
   *     recognised without reading the archive
   */
  public static BaseImage tarball(
      Path tarball, String description, String created, String imageId) {
    return new BaseImage(Source.TARBALL, description, tarball, created, imageId, null);
  }

  /**
   * quickhub's cached base: a docker-archive whose image id and tag are known, so that once the
   * engine holds it, builds take it from the engine by that tag without reading the archive.
   */
  public static BaseImage cached(
      Path tarball, String description, String created, String imageId, String engineTag) {
    return new BaseImage(
        Source.TARBALL,
        description,
        tarball,
        created,
        Objects.requireNonNull(imageId),
        Objects.requireNonNull(engineTag));
  }

  /** An image the engine already holds, by name or id. */
  public static BaseImage engine(String reference) {
    return new BaseImage(Source.ENGINE, reference, null, null, null, null);
  }

  /** An image in a registry, pulled by Jib. */
  public static BaseImage registry(String reference) {
    return new BaseImage(Source.REGISTRY, reference, null, null, null, null);
  }

  public Source source() {
    return source;
  }

  /** What the user would call it: recipe hash, image name, or registry reference. */
  public String reference() {
    return reference;
  }

  public Optional<Path> tarball() {
    return Optional.ofNullable(tarball);
  }

  /** When the base was made, when known (ISO-8601). */
  public Optional<String> created() {
    return Optional.ofNullable(created);
  }

  /** The engine's id for this base, when known without reading it. */
  public Optional<String> imageId() {
    return Optional.ofNullable(imageId);
  }

  /** The tag the engine holds a cached base under, once loaded. */
  public Optional<String> engineTag() {
    return Optional.ofNullable(engineTag);
  }

  @Override
  public String toString() {
    return source.name().toLowerCase() + " " + reference;
  }
}
