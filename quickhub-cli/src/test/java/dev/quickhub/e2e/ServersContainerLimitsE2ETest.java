package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.Servers;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Servers in containers on one hub, beyond what the process-mode suites prove: {@code users start}
 * makes the user containers, a bounded fork bomb as user1 meets user1's pids limit while user2 logs
 * in and runs code, and a server killed for memory tells its user why on their next request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServersContainerLimitsE2ETest {

  private static final Duration START = Duration.ofMinutes(3);
  private static final Duration KERNEL = Duration.ofMinutes(2);
  private static final int PIDS = 100;

  private TestHub hub;

  @BeforeAll
  void hubWithLimitsAndASecondUser() {
    hub = new TestHub(Servers.CONTAINER);
    Cli up = Cli.run(hub.args("up", "--user-memory", "256m", "--user-pids", String.valueOf(PIDS)));
    assertThat(up.exitCode()).as(up.err()).isZero();
    Cli add =
        Cli.runWithStdin(
            "user2-pw-1\n", "users", "add", "--name", hub.name, "user2", "--password-stdin");
    assertThat(add.exitCode()).as(add.err()).isZero();
  }

  @AfterAll
  void removeTheHub() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  private HubClient login(String user, String password) {
    HubClient client = HubClient.at(hub.url());
    assertThat(client.login(user, password)).isTrue();
    return client;
  }

  @Test
  @Order(1)
  void usersStartMakesTheUserContainers() {
    Cli start = Cli.run("users", "start", "--name", hub.name, "user1", "user2");
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out()).contains("started user1").contains("started user2");
    for (String user : new String[] {"user1", "user2"}) {
      String uid = hub.exec(null, null, "id", "-u", user).stdout().strip();
      assertThat(hub.hasServer(user, uid)).as(user + "'s container runs").isTrue();
    }
    HubClient user1 = login("user1", "user1");
    assertThat(user1.get("hub/api/user").body())
        .as("running before user1 asked for it")
        .containsPattern("\"ready\":\\s*true");
    assertThat(user1.get("user/user1/api/status").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void boundedForkBombMeetsThePidsLimitWhileOthersWork() throws Exception {
    HubClient user1 = login("user1", "user1");
    user1.startServer(START);
    assertThat(
            hub.docker()
                .inspectContainerCmd(hub.userContainer("user1"))
                .exec()
                .getHostConfig()
                .getPidsLimit())
        .isEqualTo((long) PIDS);
    // At most 1000 children (small ones: forks of the kernel would meet the memory limit first),
    // each gone after 90 s, in sessions of their own so that they outlive the kernel (its shutdown
    // ends its process group): the pids limit stops it long before. The outcome goes to a file (no
    // new
    // process needed): user1's own server may not answer while every pid of user1's is taken.
    String bomb =
        """
        import subprocess
        children = []
        try:
            for i in range(1000):
                children.append(subprocess.Popen(['sleep', '90'], start_new_session=True))
            outcome = 'forked all %d' % len(children)
        except OSError as e:
            outcome = 'refused after %d %s' % (len(children), e.__class__.__name__)
        with open('/home/user1/bomb.txt', 'w') as f:
            f.write(outcome)
        print(outcome)
        """;
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      background.submit(() -> user1.runCode("python3", bomb, KERNEL));
      Instant deadline = Instant.now().plus(KERNEL);
      String bombed;
      while ((bombed = hub.exec(null, null, "cat", "/home/user1/bomb.txt").stdout()).isEmpty()) {
        assertThat(Instant.now()).as("the fork bomb ends").isBefore(deadline);
        Thread.sleep(1000);
      }
      assertThat(bombed).startsWith("refused after");
      int forked = Integer.parseInt(bombed.split(" ")[2]);
      assertThat(forked).isLessThan(PIDS).isGreaterThan(PIDS / 4);

      // While user1's children hold every pid user1 may have, user2 starts a server and runs code.
      HubClient user2 = login("user2", "user2-pw-1");
      user2.stopServer(START);
      user2.startServer(START);
      assertThat(user2.runCode("python3", "print(6 * 7)", KERNEL).strip()).isEqualTo("42");
      assertThat(login("admin", "admin").get("hub/api/users").statusCode())
          .as("the hub answers")
          .isEqualTo(200);
      assertThat(processes("user1")).as("user1's children still there").isGreaterThan(forked);
      // Stopping the server ends everything in user1's container.
      user1.stopServer(START);
    } finally {
      background.shutdownNow();
    }
  }

  /** How many processes run in the user's container (asked of the engine: no new one inside). */
  private int processes(String user) {
    return hub.docker().topContainerCmd(hub.userContainer(user)).exec().getProcesses().length;
  }

  @Test
  @Order(3)
  void aServerKilledForMemoryTellsItsUserWhyOnTheNextRequest() throws Exception {
    HubClient user1 = login("user1", "user1");
    user1.startServer(START);
    // The server (the container's first process) is made the OOM killer's first choice, so the
    // hog ends the whole server, not only its kernel. A user may raise their own processes' score.
    String hog =
        "open('/proc/1/oom_score_adj', 'w').write('1000')\n"
            + "chunks = []\n"
            + "for i in range(64):\n"
            + "    chunks.append(bytearray(16 << 20))\n"
            + "print('survived')";
    String result;
    try {
      // The kernel dies with the server: no answer comes.
      result = user1.runCode("python3", hog, Duration.ofSeconds(45));
    } catch (QuickHubException e) {
      result = e.getMessage();
    }
    assertThat(result).doesNotContain("survived");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (user1.get("hub/api/user").body().contains("\"ready\": true")
        || user1.get("hub/api/user").body().contains("\"ready\":true")) {
      assertThat(Instant.now()).as("the hub notices the server ended").isBefore(deadline);
      Thread.sleep(2000);
    }
    var page = user1.get("user/user1/lab");
    assertThat(page.statusCode()).isEqualTo(424);
    assertThat(page.body()).contains("Server not running").contains("ran out of its memory limit");

    user1.startServer(START);
    assertThat(user1.runCode("python3", "print(6 * 7)", KERNEL).strip()).isEqualTo("42");
  }
}
