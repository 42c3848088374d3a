package dev.quickhub.engine;

/**
 * Every label quickhub puts on what it makes in the engine, in one place: containers and volumes
 * carry {@link #HUB}, and quickhub changes nothing of a hub that lacks it. The image contract
 * declares the same keys (a test keeps them equal); they are spelled out here because the engine
 * floor imports nothing above it, and the contract's tool runner stands on the engine.
 */
public final class Labels {

  /** On everything made for a hub: its name. */
  public static final String HUB = "quickhub.hub";

  /** On the container and volumes of a throw-away hub. */
  public static final String EPHEMERAL = "quickhub.ephemeral";

  /** On the container of a hub that serves HTTPS. */
  public static final String TLS = "quickhub.tls";

  /** On a hub's container: what it was made from (image id and publishing options). */
  public static final String CONFIG = "quickhub.config";

  /** On the copy of an adopted original's /etc; destroy leaves volumes without {@link #HUB}. */
  public static final String ADOPTED_FROM = "quickhub.adopted-from";

  /** On a hub image: the launcher's version that built it. */
  public static final String VERSION = "quickhub.version";

  /** On a hub image: the base it was built on, and that base's date. */
  public static final String BASE = "quickhub.base";

  public static final String BASE_CREATED = "quickhub.base.created";

  /** On a hub image: the digest of everything it was built from. */
  public static final String INPUTS = "quickhub.inputs";

  private Labels() {}
}
