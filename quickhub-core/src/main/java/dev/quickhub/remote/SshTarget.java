package dev.quickhub.remote;

import dev.quickhub.report.QuickHubException;
import java.net.URI;

/**
 * A Docker host reached over SSH, written as the docker CLI writes it: {@code
 * ssh://user@host[:port]}; its engine listens on {@code /var/run/docker.sock} there.
 */
public record SshTarget(String user, String host, int port) {

  static final String ENGINE_SOCKET = "/var/run/docker.sock";

  public static boolean isSsh(String host) {
    return host != null && host.startsWith("ssh://");
  }

  public static SshTarget parse(String uri) {
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      parsed = null;
    }
    if (parsed == null || parsed.getHost() == null || parsed.getUserInfo() == null) {
      throw new QuickHubException(
          "'"
              + uri
              + "' is not ssh://user@host[:port]; for example ssh://teacher@course.example.org.");
    }
    return new SshTarget(
        parsed.getUserInfo(), parsed.getHost(), parsed.getPort() < 0 ? 22 : parsed.getPort());
  }

  @Override
  public String toString() {
    return "ssh://" + user + "@" + host + (port == 22 ? "" : ":" + port);
  }
}
