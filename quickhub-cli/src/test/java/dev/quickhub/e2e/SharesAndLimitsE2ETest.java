package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.quickhub.QuickHub;
import dev.quickhub.client.HubClient;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.image.ImageSources;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.HostShare;
import dev.quickhub.runtime.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared folders enforced by the file system, a folder of the engine's host shared read-only,
 * container and per-user memory limits, the idle culler, and a hub killed with SIGKILL, on one hub.
 * Users' servers run as {@link #servers()} says (a subclass runs the same in container mode); each
 * user's commands run where their server runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharesAndLimitsE2ETest {

  private static final Duration IDLE = Duration.ofSeconds(20);

  private TestHub hub;
  private QuickHub quickHub;
  private Path hostDir;
  private final Map<String, HubClient> sessions = new HashMap<>();

  Servers servers() {
    return Servers.PROCESS;
  }

  @BeforeAll
  void hubWithSharesAndLimits(@TempDir Path tmp) throws Exception {
    hub = new TestHub(servers());
    ImageSources sources = Sources.copy(tmp.resolve("src"));
    Path volumes = sources.root().resolve("volumes/hub.yaml");
    Files.writeString(
        volumes,
        Files.readString(volumes)
            + "  - name: team\n    path: /srv/team\n    access: read-write\n");
    hostDir = Files.createDirectories(tmp.resolve("host-data"));
    Files.writeString(hostDir.resolve("readme.txt"), "data from the host\n");
    Files.setPosixFilePermissions(hostDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    quickHub =
        QuickHub.builder()
            .sources(sources)
            .name(hub.name)
            .imageTag(hub.image)
            .port(hub.port)
            .spec(
                spec ->
                    spec.servers(servers())
                        .share(new HostShare(hostDir.toString(), "data", true))
                        .cpus(1.5)
                        .memory(3L << 30)
                        .userMemory(600L << 20)
                        .cullIdle(IDLE))
            .build();
    quickHub.up();
  }

  @AfterAll
  void removeTheHub() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  /**
   * Runs {@code command} as {@code user} (a seed account) where their server runs, started first if
   * it is not running (the culler may have stopped it); as root in the hub container for null.
   */
  private ContainerExec.Result as(String user, String command) {
    if (user == null) {
      return hub.exec(null, null, "sh", "-c", command);
    }
    if (hub.containerServers()) {
      HubClient client =
          sessions.computeIfAbsent(
              user,
              name -> {
                HubClient login = HubClient.at(hub.url());
                assertThat(login.login(name, name)).isTrue();
                return login;
              });
      client.startServer(Duration.ofMinutes(3));
    }
    return hub.execInServer(user, null, "sh", "-c", command);
  }

  @Test
  @Order(1)
  void readOnlyShareIsWritableByAdminsOnlyAndLinkedIntoHomes() {
    HubClient user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "user1")).isTrue();
    user1.startServer(Duration.ofMinutes(3));
    assertThat(as("user1", "readlink ~/shared ~/team ~/data").stdout())
        .isEqualTo("/srv/shared\n/srv/team\n/srv/data\n");

    assertThat(as("admin", "echo from the teacher > /srv/shared/task.txt").exitCode()).isZero();
    assertThat(as("user1", "cat ~/shared/task.txt").stdout()).isEqualTo("from the teacher\n");
    ContainerExec.Result refused = as("user1", "touch /srv/shared/mine.txt");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("Permission denied");
    assertThat(as("user1", "rm -f /srv/shared/task.txt").exitCode()).isNotZero();
  }

  @Test
  @Order(2)
  void readWriteShareLetsEveryoneWriteButOnlyOwnersDelete() {
    assertThat(as("user1", "echo draft > /srv/team/user1.txt").exitCode()).isZero();
    assertThat(as("admin", "cat /srv/team/user1.txt").stdout()).isEqualTo("draft\n");
    assertThat(as("admin", "rm -f /srv/team/user1.txt").exitCode())
        .as("sticky: only the owner deletes")
        .isNotZero();
  }

  @Test
  @Order(3)
  void hostFolderIsSharedReadOnlyForEveryone() {
    assertThat(as("user1", "cat ~/data/readme.txt").stdout()).isEqualTo("data from the host\n");
    ContainerExec.Result admin = as("admin", "touch /srv/data/new.txt");
    assertThat(admin.exitCode()).isNotZero();
    assertThat(admin.stderr()).contains("Read-only file system");
    assertThat(Files.exists(hostDir.resolve("new.txt"))).isFalse();
  }

  @Test
  @Order(4)
  void containerAndPerUserMemoryLimitsHold() {
    var host = hub.docker().inspectContainerCmd(hub.name).exec().getHostConfig();
    assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
    assertThat(host.getMemory()).isEqualTo(3L << 30);
    assertThat(as(null, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes").stdout().strip())
        .isEqualTo(String.valueOf(3L << 30));

    HubClient user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "user1")).isTrue();
    user1.startServer(Duration.ofMinutes(3));
    assertThat(
            user1.runCode(
                "python3",
                "x = bytearray(200 * 1024 * 1024)\nprint(len(x) >> 20)",
                Duration.ofMinutes(2)))
        .isEqualTo("200\n");
    if (hub.containerServers()) {
      var user1Host =
          hub.docker().inspectContainerCmd(hub.userContainer("user1")).exec().getHostConfig();
      assertThat(user1Host.getMemory()).isEqualTo(600L << 20);
      assertThat(user1Host.getMemorySwap()).as("no swap beyond it").isEqualTo(600L << 20);
    }
  }

  @Test
  @Order(4)
  void perProcessMemoryLimitRefusesALargeAllocation() {
    assumeFalse(
        hub.containerServers(),
        "container mode has no per-process limit: an allocation past the container's limit is"
            + " OOM-killed in that container (ServersContainerE2ETest)");
    HubClient user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "user1")).isTrue();
    user1.startServer(Duration.ofMinutes(3));
    assertThatThrownBy(
            () ->
                user1.runCode("python3", "x = bytearray(900 * 1024 * 1024)", Duration.ofMinutes(2)))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("MemoryError");
  }

  @Test
  @Order(5)
  void idleServerIsCulledAndComesBackWithTheFilesOnTheNextLogin() throws Exception {
    HubClient user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "user1")).isTrue();
    user1.startServer(Duration.ofMinutes(3));
    user1.writeFile("before-cull.txt", "still here");
    Instant deadline = Instant.now().plus(IDLE.multipliedBy(6));
    while (!user1.get("hub/api/users/user1").body().contains("\"servers\": {}")
        && !user1.get("hub/api/users/user1").body().contains("\"servers\":{}")) {
      assertThat(Instant.now()).as("the idle server is stopped").isBefore(deadline);
      Thread.sleep(2000);
    }
    assertThat(hub.hasServer("user1", uid("user1"))).as("culled server").isFalse();
    HubClient again = HubClient.at(hub.url());
    assertThat(again.login("user1", "user1")).isTrue();
    again.startServer(Duration.ofMinutes(3));
    assertThat(hub.hasServer("user1", uid("user1"))).as("started again").isTrue();
    assertThat(again.readFile("before-cull.txt")).contains("still here");
  }

  @Test
  @Order(6)
  void hubKilledWithSigkillLosesNothing() throws Exception {
    assertThat(
            Cli.runWithStdin(
                    "kill-pw-1\n",
                    "users",
                    "passwd",
                    "--name",
                    hub.name,
                    "user1",
                    "--password-stdin")
                .exitCode())
        .isZero();
    assertThat(
            hub.exec(
                    "user1", null, "sh", "-c", "echo written before the kill > ~/notebook/kill.txt")
                .exitCode())
        .isZero();
    hub.docker().killContainerCmd(hub.name).withSignal("KILL").exec();
    quickHub.up();
    HubClient user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "kill-pw-1")).isTrue();
    user1.startServer(Duration.ofMinutes(3));
    assertThat(user1.readFile("kill.txt")).contains("written before the kill\n");
    assertThat(user1.readFile("before-cull.txt")).contains("still here");
  }

  private String uid(String user) {
    return hub.exec(null, null, "id", "-u", user).stdout().strip();
  }
}
