package dev.quickhub.engine;

import dev.quickhub.contract.ImageContract;

/**
 * Every label quickhub puts on what it makes in the engine, in one place: containers and volumes
 * carry {@link #HUB}, and quickhub changes nothing of a hub that lacks it. The keys are declared in
 * the image contract.
 */
public final class Labels {

  private static final ImageContract CONTRACT = ImageContract.get();

  /** On everything made for a hub: its name. */
  public static final String HUB = CONTRACT.label("hub");

  /** On the container and volumes of a throw-away hub. */
  public static final String EPHEMERAL = CONTRACT.label("ephemeral");

  /** On the container of a hub that serves HTTPS. */
  public static final String TLS = CONTRACT.label("tls");

  /** On a hub's container: what it was made from (image id and publishing options). */
  public static final String CONFIG = CONTRACT.label("config");

  /** On the copy of an adopted original's /etc; destroy leaves volumes without {@link #HUB}. */
  public static final String ADOPTED_FROM = CONTRACT.label("adopted_from");

  /** On a hub image: the launcher's version that built it. */
  public static final String VERSION = CONTRACT.label("version");

  /** On a hub image: the base it was built on, and that base's date. */
  public static final String BASE = CONTRACT.label("base");

  public static final String BASE_CREATED = CONTRACT.label("base_created");

  /** On a hub image: the digest of everything it was built from. */
  public static final String INPUTS = CONTRACT.label("inputs");

  private Labels() {}
}
