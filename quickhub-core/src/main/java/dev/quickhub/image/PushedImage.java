package dev.quickhub.image;

/**
 * A hub image in a registry: the reference it was pushed to, the digest of its manifest and the id
 * (config digest) it has in an engine that pulls it.
 */
public record PushedImage(String reference, String digest, String imageId) {

  /** The reference that names exactly this image: {@code REF@sha256:...}. */
  public String digestReference() {
    return reference + "@" + digest;
  }
}
