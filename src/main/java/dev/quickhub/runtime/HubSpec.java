package dev.quickhub.runtime;

import dev.quickhub.QuickHubException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * How a hub runs: its name (container {@code NAME}, volumes {@code NAME_*}), and where its port is
 * published. Loopback unless asked.
 */
public final class HubSpec {

  public static final String DEFAULT_NAME = "quickjh";
  public static final int DEFAULT_PORT = 8000;
  public static final String DEFAULT_BIND = "127.0.0.1";

  private final String name;
  private final int port;
  private final String bind;

  private HubSpec(Builder builder) {
    this.name = requireName(builder.name);
    this.port = requirePort(builder.port);
    this.bind = requireBind(builder.bind);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().name(name).port(port).bind(bind);
  }

  /** Hub names become container and volume names, so they follow the engine's rules. */
  public static String requireName(String name) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]{0,62}")) {
      throw new QuickHubException(
          "'"
              + name
              + "' is not a valid hub name: use lower-case letters, digits, '_', '.' or '-',"
              + " starting with a letter or digit.");
    }
    return name;
  }

  private static int requirePort(int port) {
    if (port < 1 || port > 65535) {
      throw new QuickHubException(
          "Port " + port + " is out of range; give --port between 1 and 65535.");
    }
    return port;
  }

  private static String requireBind(String bind) {
    if (bind == null || !bind.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new QuickHubException(
          "'" + bind + "' is not an IP address; give --bind as for example 127.0.0.1.");
    }
    try {
      InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new QuickHubException(
          "'" + bind + "' is not an IP address; give --bind as for example 127.0.0.1.");
    }
    return bind;
  }

  /**
   * A port that is free on {@code bind} of this machine now, for {@code --port auto} with a local
   * engine.
   */
  public static int freePort(String bind) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(requireBind(bind)))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new QuickHubException(
          "No free port can be had on " + bind + " (" + e.getMessage() + "); give one with --port.",
          e);
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public String bind() {
    return bind;
  }

  /** True when only this machine can reach the hub. */
  public boolean isLoopback() {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The address to reach the hub from this machine: a wildcard bind is reached on loopback. */
  public String reachableHost() {
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      return "localhost";
    }
    return isLoopback() ? "localhost" : (bind.contains(":") ? "[" + bind + "]" : bind);
  }

  public String url() {
    return "http://" + reachableHost() + ":" + port + "/";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HubSpec other
        && name.equals(other.name)
        && port == other.port
        && bind.equals(other.bind);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, port, bind);
  }

  @Override
  public String toString() {
    return name + " on " + bind + ":" + port;
  }

  /** Builds a {@link HubSpec}; unset values take the defaults. */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private int port = DEFAULT_PORT;
    private String bind = DEFAULT_BIND;

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bind(String bind) {
      this.bind = bind;
      return this;
    }

    public HubSpec build() {
      return new HubSpec(this);
    }
  }
}
