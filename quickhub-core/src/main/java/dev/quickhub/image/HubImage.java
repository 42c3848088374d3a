package dev.quickhub.image;

/** A built hub image in the engine: its tag and id, and what it was built on. */
public record HubImage(String tag, String id, String base, String baseCreated) {

  public static final String DEFAULT_TAG = "quick-jupyterhub:latest";
}
