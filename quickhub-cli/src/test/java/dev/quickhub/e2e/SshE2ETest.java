package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import dev.quickhub.engine.Engine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote engine reached over SSH: Debian's sshd on loopback with a host key and a client key made
 * by the test, forwarding to this machine's engine socket. The launcher's SSH folder is the test's
 * own (system property quickhub.ssh.dir), never the user's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshE2ETest {

  private static final Set<PosixFilePermission> OWNER_RW =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_RWX =
      PosixFilePermissions.fromString("rwx------");

  private Path dir;
  private Path client;
  private Process sshd;
  private int port;
  private String host;
  private TestHub hub;

  @BeforeAll
  void sshdOnLoopback(@TempDir Path tmp) throws Exception {
    dir = tmp;
    client = Files.createDirectories(tmp.resolve("client"));
    run("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", tmp.resolve("host_key").toString());
    run("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", client.resolve("id_ecdsa").toString());
    Files.copy(client.resolve("id_ecdsa.pub"), tmp.resolve("authorized_keys"));
    Files.createDirectories(Path.of("/run/sshd"));
    port = TestHub.freePort();
    host = "ssh://root@127.0.0.1:" + port;
    Files.writeString(
        tmp.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + tmp.resolve("host_key"),
            "AuthorizedKeysFile " + tmp.resolve("authorized_keys"),
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            "UsePAM no",
            "PidFile " + tmp.resolve("sshd.pid"),
            "AllowTcpForwarding yes",
            "AllowStreamLocalForwarding yes",
            ""));
    sshd =
        new ProcessBuilder(
                "/usr/sbin/sshd", "-D", "-e", "-f", tmp.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("sshd.log").toFile())
            .start();
    Instant deadline = Instant.now().plusSeconds(20);
    while (!listening()) {
      assertThat(Instant.now()).as("sshd listens").isBefore(deadline);
      Thread.sleep(200);
    }
    System.setProperty("quickhub.ssh.dir", client.toString());
    hub = new TestHub();
  }

  @AfterAll
  void stop() throws Exception {
    System.clearProperty("quickhub.ssh.dir");
    if (hub != null) {
      hub.close();
    }
    stopSshd();
  }

  private void startSshd() throws Exception {
    sshd =
        new ProcessBuilder(
                "/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
            .start();
    Instant deadline = Instant.now().plusSeconds(20);
    while (!listening()) {
      assertThat(Instant.now()).as("sshd listens").isBefore(deadline);
      Thread.sleep(200);
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** sshd and the session processes it forked. */
  private void stopSshd() throws Exception {
    if (sshd != null && sshd.isAlive()) {
      sshd.descendants().forEach(ProcessHandle::destroyForcibly);
      sshd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** How many logins sshd accepted so far. */
  private long accepted() throws IOException {
    return Files.readAllLines(dir.resolve("sshd.log")).stream()
        .filter(line -> line.contains("Accepted publickey"))
        .count();
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
  }

  @Test
  @Order(1)
  void unknownHostKeyIsRefusedUntilTrustedOnFirstUse() throws Exception {
    Cli refused = Cli.run("status", "--host", host, "--name", hub.name);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("is not in").contains("--accept-new-host-key");
    assertThat(Files.readString(client.resolve("known_hosts"))).isEmpty();
  }

  @Test
  @Order(2)
  void upLoginStatusAndDownThroughTheTunnel() throws Exception {
    Cli up =
        Cli.run(
            "up",
            "--host",
            host,
            "--accept-new-host-key",
            "--name",
            hub.name,
            "--image",
            hub.image,
            "--port",
            String.valueOf(hub.port));
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out()).contains("is up at http://localhost:" + hub.port + "/");
    assertThat(Files.readString(client.resolve("known_hosts")))
        .startsWith("[127.0.0.1]:" + port + " ecdsa-sha2-nistp256 ");

    // The "remote" host is this machine, so its loopback URL works here too.
    HubClient user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "user1")).isTrue();
    assertThat(Cli.run("status", "--host", host, "--name", hub.name).out())
        .contains("state:     running");
    assertThat(Files.readString(dir.resolve("sshd.log"))).contains("Accepted publickey for root");

    assertThat(Cli.run("down", "--host", host, "--name", hub.name).exitCode()).isZero();
    assertThat(hub.docker().listContainersCmd().withShowAll(true).exec())
        .noneMatch(c -> List.of(c.getNames()).contains("/" + hub.name));
  }

  @Test
  @Order(3)
  void theRemoteEngineIsOnAPrivateUnixSocketAndNoTcpPort() throws Exception {
    Path socket;
    try (Engine engine = Engine.at(host, false)) {
      socket = engine.tunnel().orElseThrow().engineSocket();
      assertThat(engine.answers()).isTrue();
      assertThat(DockerPing.answers(socket)).as("the engine answers on " + socket).isTrue();
      assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(OWNER_RW);
      assertThat(Files.getPosixFilePermissions(socket.getParent())).isEqualTo(OWNER_RWX);
      assertThat(ListeningSockets.ofThisJvm()).noneMatch(DockerPing::answers);
    }
    assertThat(socket.getParent()).as("removed on close").doesNotExist();
  }

  @Test
  @Order(4)
  void changedHostKeyIsRefused() throws Exception {
    Path known = client.resolve("known_hosts");
    String trusted = Files.readString(known);
    run("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", dir.resolve("other_key").toString());
    String other = Files.readString(dir.resolve("other_key.pub")).split(" ")[1];
    Files.writeString(known, "[127.0.0.1]:" + port + " ecdsa-sha2-nistp256 " + other + "\n");
    try {
      Cli refused = Cli.run("status", "--host", host, "--accept-new-host-key", "--name", hub.name);
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.err()).contains("differs from the one in").contains("refusing to connect");
    } finally {
      Files.writeString(known, trusted);
    }
  }

  @Test
  @Order(5)
  void forwardServesTheRemoteHubOnALocalPortUntilTheConnectionEnds() throws Exception {
    int local = TestHub.freePort();
    String[] forward = {
      "up",
      "--host",
      host,
      "--name",
      hub.name,
      "--image",
      hub.image,
      "--port",
      String.valueOf(hub.port),
      "--forward",
      String.valueOf(local)
    };
    // Every local user reaches a forwarded port: not while a default password logs in.
    Cli refused = Cli.run(forward);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("while admin, user1 still use the default password");
    for (String user : new String[] {"admin", "user1"}) {
      Cli passwd =
          Cli.runWithStdin(
              user + "-pw-2\n",
              "users",
              "passwd",
              "--host",
              host,
              "--name",
              hub.name,
              user,
              "--password-stdin");
      assertThat(passwd.exitCode()).as(passwd.err()).isZero();
    }
    CompletableFuture<Cli> forwarding = CompletableFuture.supplyAsync(() -> Cli.run(forward));
    HubClient user1 = HubClient.at(java.net.URI.create("http://localhost:" + local + "/"));
    Instant deadline = Instant.now().plusSeconds(120);
    while (true) {
      try {
        if (user1.login("user1", "user1-pw-2")) {
          break;
        }
      } catch (RuntimeException e) {
        // Not forwarding yet.
      }
      assertThat(Instant.now()).as("the hub answers on the forwarded port").isBefore(deadline);
      Thread.sleep(500);
    }
    // The command still runs: only the hub's port listens here, the remote engine on no TCP port.
    List<InetSocketAddress> listening = ListeningSockets.ofThisJvm();
    assertThat(listening).anyMatch(address -> address.getPort() == local);
    assertThat(listening).noneMatch(DockerPing::answers);
    stopSshd();
    Cli ended = forwarding.get(60, TimeUnit.SECONDS);
    assertThat(ended.exitCode()).isEqualTo(1);
    assertThat(ended.out()).contains("Forwarding http://localhost:" + local + "/ to the hub");
    assertThat(ended.err()).contains("forwarding http://localhost:" + local + "/ stopped");
    assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getState().getRunning())
        .as("the hub keeps running")
        .isTrue();
    startSshd();
  }

  @Test
  @Order(6)
  void droppedConnectionIsOneSentenceAndTheHubKeepsRunning() throws Exception {
    assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
    long before = accepted();
    CompletableFuture<Cli> following =
        CompletableFuture.supplyAsync(
            () -> Cli.run("logs", "-f", "--host", host, "--name", hub.name));
    Instant deadline = Instant.now().plusSeconds(30);
    while (accepted() <= before) {
      assertThat(Instant.now()).as("logs -f connected").isBefore(deadline);
      Thread.sleep(200);
    }
    Thread.sleep(2000);
    stopSshd();
    Cli dropped = following.get(60, TimeUnit.SECONDS);
    assertThat(dropped.exitCode()).isEqualTo(1);
    assertThat(dropped.err())
        .contains("The connection to the engine at " + host + " dropped")
        .contains("the hub itself keeps running");
    assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getState().getRunning()).isTrue();
    assertThat(HubClient.at(hub.url()).login("user1", "user1-pw-2")).isTrue();
  }
}
