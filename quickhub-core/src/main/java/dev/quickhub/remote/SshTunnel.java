package dev.quickhub.remote;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;
import com.jcraft.jsch.UserInfo;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.io.Closeable;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One SSH connection (jsch) to a Docker host: a private local Unix socket that leads to the host's
 * engine socket, and local ports forwarded to hubs on it (they ask for a login themselves). The
 * host key is checked against {@code known_hosts}; keys come from the SSH folder or a running
 * ssh-agent.
 */
public final class SshTunnel implements Closeable {

  private static final List<String> KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  private final SshTarget target;
  private final Session session;
  private final EngineSocket engine;
  private final Map<String, Integer> forwards = new HashMap<>();

  private SshTunnel(SshTarget target, Session session, EngineSocket engine) {
    this.target = target;
    this.session = session;
    this.engine = engine;
  }

  /**
   * Connects, refusing an unknown host key unless {@code acceptNewHostKey} (then it is added to
   * known_hosts) and always refusing a changed one.
   */
  public static SshTunnel open(SshTarget target, Path sshDir, boolean acceptNewHostKey) {
    JSch jsch = new JSch();
    Path knownHosts = sshDir.resolve("known_hosts");
    try {
      Files.createDirectories(sshDir);
      if (!Files.exists(knownHosts)) {
        Files.createFile(knownHosts);
      }
      jsch.setKnownHosts(knownHosts.toString());
      agent(jsch);
      for (String key : KEYS) {
        if (Files.isRegularFile(sshDir.resolve(key))) {
          jsch.addIdentity(sshDir.resolve(key).toString());
        }
      }
      Session session = jsch.getSession(target.user(), target.host(), target.port());
      // jsch's accept-new also takes a changed key: trust on first use only for unknown hosts.
      String alias =
          target.port() == 22 ? target.host() : "[" + target.host() + "]:" + target.port();
      HostKey[] known = jsch.getHostKeyRepository().getHostKey(alias, null);
      boolean firstUse = acceptNewHostKey && (known == null || known.length == 0);
      session.setConfig("StrictHostKeyChecking", firstUse ? "accept-new" : "yes");
      session.setConfig("PreferredAuthentications", "publickey");
      session.setServerAliveInterval(15_000);
      session.setUserInfo(new Prompts());
      session.connect(15_000);
      if (firstUse) {
        remember(session.getHostKey(), knownHosts);
      }
      return new SshTunnel(target, session, engineSocket(session));
    } catch (JSchException e) {
      throw refused(target, knownHosts, e);
    } catch (java.io.IOException e) {
      throw new QuickHubException("Cannot use " + knownHosts + ": " + e.getMessage(), e);
    }
  }

  private static EngineSocket engineSocket(Session session) {
    try {
      return EngineSocket.open(session, SshTarget.ENGINE_SOCKET);
    } catch (java.io.IOException e) {
      session.disconnect();
      throw new QuickHubException(
          "Cannot make a private socket for the remote engine in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static QuickHubException refused(SshTarget target, Path knownHosts, JSchException e) {
    String why = String.valueOf(e.getMessage());
    if (why.startsWith("UnknownHostKey") || why.startsWith("reject HostKey")) {
      return new QuickHubException(
          Message.of(
              "{} is not in {}; check its host key (ssh-keyscan) and add it, or trust it on first"
                  + " use with {}.",
              target.host(),
              knownHosts,
              Setting.ACCEPT_NEW_HOST_KEY),
          e);
    }
    if (why.contains("HostKey has been changed")) {
      return new QuickHubException(
          "The host key of "
              + target.host()
              + " differs from the one in "
              + knownHosts
              + ": refusing to connect (someone may be in between). If the host was reinstalled,"
              + " remove its line there and connect again.",
          e);
    }
    if (why.contains("Auth fail") || why.contains("USERAUTH fail")) {
      return new QuickHubException(
          target
              + " refused every key (from ~/.ssh and the ssh-agent); add your public key to that"
              + " user's authorized_keys.",
          e);
    }
    return new QuickHubException(
        "Cannot connect to " + target + " (" + why + "); check that sshd runs and the address.", e);
  }

  /** Adds a key trusted on first use to known_hosts, as ssh's accept-new does. */
  private static void remember(HostKey key, Path knownHosts) throws java.io.IOException {
    String line = key.getHost() + " " + key.getType() + " " + key.getKey();
    if (!Files.readAllLines(knownHosts).contains(line)) {
      Files.writeString(knownHosts, line + "\n", java.nio.file.StandardOpenOption.APPEND);
    }
  }

  /** Keys of a running ssh-agent, when there is one. */
  private static void agent(JSch jsch) {
    if (System.getenv("SSH_AUTH_SOCK") == null) {
      return;
    }
    try {
      AgentIdentityRepository agent =
          new AgentIdentityRepository(new SSHAgentConnector(new UnixDomainSocketFactory()));
      if (agent.getStatus() == AgentIdentityRepository.RUNNING) {
        jsch.setIdentityRepository(agent);
      }
    } catch (AgentProxyException e) {
      // No usable agent: the key files are tried.
    }
  }

  /** The local Unix socket that reaches the host's engine; only this user may use it. */
  public Path engineSocket() {
    return engine.path();
  }

  /** A local port forwarded to {@code host:port} as seen from the Docker host (made once). */
  public int forward(String host, int port) {
    return forward(0, host, port);
  }

  /** Like {@link #forward(String, int)} on local port {@code localPort} (0: any free one). */
  public synchronized int forward(int localPort, String host, int port) {
    String key = host + ":" + port + (localPort == 0 ? "" : " from " + localPort);
    Integer local = forwards.get(key);
    if (local == null) {
      try {
        local = session.setPortForwardingL("127.0.0.1", localPort, host, port);
      } catch (JSchException e) {
        throw new QuickHubException(
            "Cannot forward a local port to " + key + " on " + target + ": " + e.getMessage(), e);
      }
      forwards.put(key, local);
    }
    return local;
  }

  public SshTarget target() {
    return target;
  }

  public boolean isConnected() {
    return session.isConnected();
  }

  /** Waits until the connection ends (it is closed, or it drops). */
  public void awaitClosed() throws InterruptedException {
    while (session.isConnected()) {
      Thread.sleep(500);
    }
  }

  @Override
  public void close() {
    session.disconnect();
    try {
      engine.close();
    } catch (java.io.IOException e) {
      // Left in the temporary folder, unusable: its connection is gone; removed at exit.
    }
  }

  /** Asks for key passphrases on the terminal; without one, a key with a passphrase is skipped. */
  private static final class Prompts implements UserInfo {
    private String passphrase;

    @Override
    public String getPassphrase() {
      return passphrase;
    }

    @Override
    public String getPassword() {
      return null;
    }

    @Override
    public boolean promptPassword(String message) {
      return false;
    }

    @Override
    public boolean promptPassphrase(String message) {
      Console console = System.console();
      if (console == null) {
        return false;
      }
      char[] typed = console.readPassword("%s: ", message);
      passphrase = typed == null ? null : new String(typed);
      return typed != null;
    }

    @Override
    public boolean promptYesNo(String message) {
      return false;
    }

    @Override
    public void showMessage(String message) {}
  }
}
