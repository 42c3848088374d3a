package dev.quickhub.engine;

import dev.quickhub.report.Progress;

/**
 * Where a hub runs, apart from what it is: the engine's address (default DOCKER_HOST, else the
 * local socket) or an engine already open, and whether a missing local engine may be set up.
 */
public final class EngineSettings {

  private final Engine given;
  private final String host;
  private final boolean acceptNewHostKey;
  private final boolean mayStart;

  private EngineSettings(Builder builder) {
    this.given = builder.given;
    this.host = builder.host;
    this.acceptNewHostKey = builder.acceptNewHostKey;
    this.mayStart = builder.mayStart;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Connects and makes sure the engine answers, installing and starting a local one when allowed;
   * {@code progress} hears what is done.
   */
  public Engine open(Progress progress) {
    Engine engine =
        given != null
            ? given
            : host != null ? Engine.at(host, acceptNewHostKey) : Engine.fromEnvironment();
    return new EngineStarter(progress).ensure(engine, mayStart);
  }

  /** Builds {@link EngineSettings}. */
  public static final class Builder {
    private Engine given;
    private String host;
    private boolean acceptNewHostKey;
    private boolean mayStart = true;

    /** An engine already open; it wins over {@link #host}. */
    public Builder engine(Engine engine) {
      this.given = engine;
      return this;
    }

    /** The engine's address: {@code unix://}, {@code tcp://} or {@code ssh://}. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** For an ssh:// host: trust its host key when known_hosts does not know it yet. */
    public Builder acceptNewHostKey(boolean acceptNewHostKey) {
      this.acceptNewHostKey = acceptNewHostKey;
      return this;
    }

    /** Whether a missing local engine may be installed and started (root on Debian only). */
    public Builder mayStart(boolean mayStart) {
      this.mayStart = mayStart;
      return this;
    }

    public EngineSettings build() {
      return new EngineSettings(this);
    }
  }
}
