package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.client.HubClient;
import dev.quickhub.report.QuickHubException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each user's server in its own container ({@code up --servers container}): user1 and a second user
 * (the seed's admin) log in over HTTP, each server runs in HUB-user-NAME as that user's uid with
 * the hub's memory and process limits, neither sees the other's processes, and a bounded memory hog
 * in user1's kernel is killed in user1's container while the other user runs code. More users than
 * CPUs starting at once take turns, and the spawn page of one that waits says so; users whose
 * servers hang do not hold the others' starts back. {@code down} stops the user containers and
 * {@code destroy} removes them.
 */
class ServersContainerE2ETest {

  private static final long LIMIT = 256L << 20;

  @TempDir Path tmp;

  @Test
  void eachUserRunsInTheirOwnLimitedContainer() throws Exception {
    try (TestHub hub = new TestHub()) {
      Cli up =
          Cli.run(
              hub.args(
                  "up", "--servers", "container", "--user-memory", "256m", "--user-pids", "200"));
      assertThat(up.exitCode()).as(up.err()).isZero();
      assertThat(Cli.run("status", "--name", hub.name).out()).contains("servers container");
      DockerClient docker = hub.docker();
      String user1Container = hub.name + "-user-user1";
      String adminContainer = hub.name + "-user-admin";

      HubClient user1 = HubClient.at(hub.url());
      assertThat(user1.login("user1", "user1")).isTrue();
      user1.startServer(Duration.ofMinutes(3));
      HubClient admin = HubClient.at(hub.url());
      assertThat(admin.login("admin", "admin")).isTrue();
      admin.startServer(Duration.ofMinutes(3));

      InspectContainerResponse inspected = docker.inspectContainerCmd(user1Container).exec();
      assertThat(inspected.getConfig().getUser()).isEqualTo(uidGid(hub, "user1"));
      assertThat(inspected.getHostConfig().getMemory()).isEqualTo(LIMIT);
      assertThat(inspected.getHostConfig().getMemorySwap()).isEqualTo(LIMIT);
      assertThat(inspected.getHostConfig().getPidsLimit()).isEqualTo(200L);
      assertThat(inspected.getHostConfig().getNetworkMode()).isEqualTo(hub.name + "-net");
      assertThat(inspected.getConfig().getEnv())
          .noneMatch(variable -> variable.startsWith("JUPYTERHUB_API_TOKEN="));
      assertThat(docker.inspectContainerCmd(adminContainer).exec().getConfig().getUser())
          .isEqualTo(uidGid(hub, "admin"));

      // Each sees only their own processes: all of them run as their own uid.
      String ps =
          "import os; print(sorted({os.stat('/proc/' + p).st_uid for p in os.listdir('/proc') if p.isdigit()}))";
      assertThat(user1.runCode("python3", ps, Duration.ofMinutes(2)).strip())
          .isEqualTo("[" + uidGid(hub, "user1").split(":")[0] + "]");
      assertThat(admin.runCode("python3", ps, Duration.ofMinutes(2)).strip())
          .isEqualTo("[" + uidGid(hub, "admin").split(":")[0] + "]");

      // A bounded hog (at most 1 GiB) meets the 256 MiB limit of user1's container alone.
      String hog =
          "chunks = []\nfor i in range(64):\n    chunks.append(bytearray(16 << 20))\nprint('survived')";
      String result;
      try {
        result = user1.runCode("python3", hog, Duration.ofMinutes(2));
      } catch (QuickHubException e) {
        result = e.getMessage();
      }
      assertThat(result).doesNotContain("survived");
      assertThat(oomKills(hub, user1Container)).isPositive();
      assertThat(oomKills(hub, adminContainer)).isZero();
      assertThat(admin.runCode("python3", "print(6 * 7)", Duration.ofMinutes(2)).strip())
          .isEqualTo("42");

      classTakesTurns(hub);
      hangingServersDoNotHoldTheClassBack(hub);

      Cli down = Cli.run(hub.args("down"));
      assertThat(down.exitCode()).as(down.err()).isZero();
      // The hub stops its servers as it stops (and the spawner removes their containers).
      assertThat(running(docker, user1Container)).isFalse();
      Cli destroy = Cli.run("destroy", "--name", hub.name, "--yes");
      assertThat(destroy.exitCode()).as(destroy.err()).isZero();
      for (String container : List.of(user1Container, adminContainer)) {
        assertThat(exists(docker, container)).as(container).isFalse();
      }
    }
  }

  /**
   * Four more users than the hub starts at a time log in at once: every server gets ready, and the
   * spawn page's events of at least one tell it waits for its turn.
   */
  private void classTakesTurns(TestHub hub) throws Exception {
    int pupils = Math.max(2, Runtime.getRuntime().availableProcessors()) + 4;
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= pupils; i++) {
      names.add("pupil" + i);
    }
    importUsers(hub, names);
    // Logging in starts the server (the hub sends a new login to its spawn page).
    CyclicBarrier atOnce = new CyclicBarrier(pupils);
    ExecutorService together = Executors.newFixedThreadPool(pupils);
    try {
      List<Future<String>> events = new ArrayList<>();
      for (int i = 1; i <= pupils; i++) {
        String user = "pupil" + i;
        String password = "pw-" + user;
        events.add(
            together.submit(
                () -> {
                  HubClient client = HubClient.at(hub.url());
                  atOnce.await();
                  assertThat(client.login(user, password)).as(user).isTrue();
                  return client.get("hub/api/users/" + user + "/server/progress").body();
                }));
      }
      List<String> pages = new ArrayList<>();
      for (Future<String> page : events) {
        pages.add(page.get(5, TimeUnit.MINUTES));
      }
      assertThat(pages).allMatch(page -> page.contains("\"ready\": true"), "every server ready");
      assertThat(pages)
          .anyMatch(
              page -> page.contains("Waiting for a turn to start: the hub starts"),
              "one waited for its turn and was told so");
    } finally {
      together.shutdownNow();
    }
  }

  /**
   * Attack: as many users as the hub starts at a time make their own servers hang (their Jupyter
   * configuration sleeps) and log in; they hold the queue for at most its turn limit, so a student
   * logging in after them works well before the hanging ones' http_timeout (120 s).
   */
  private void hangingServersDoNotHoldTheClassBack(TestHub hub) throws Exception {
    int slots = Math.max(2, Runtime.getRuntime().availableProcessors());
    List<String> stallers = new ArrayList<>();
    for (int i = 1; i <= slots; i++) {
      stallers.add("staller" + i);
    }
    List<String> names = new ArrayList<>(stallers);
    names.add("latecomer");
    importUsers(hub, names);
    for (String staller : stallers) {
      var written =
          hub.exec(
              staller,
              null,
              "sh",
              "-c",
              "mkdir -p ~/.jupyter && echo 'import time; time.sleep(3600)'"
                  + " > ~/.jupyter/jupyter_server_config.py");
      assertThat(written.exitCode()).as(written.stderr()).isZero();
      assertThat(HubClient.at(hub.url()).login(staller, "pw-" + staller)).isTrue();
    }
    HubClient latecomer = HubClient.at(hub.url());
    Instant began = Instant.now();
    assertThat(latecomer.login("latecomer", "pw-latecomer")).isTrue();
    String events = latecomer.get("hub/api/users/latecomer/server/progress").body();
    assertThat(events).contains("\"ready\": true");
    assertThat(Duration.between(began, Instant.now())).isLessThan(Duration.ofSeconds(90));
    assertThat(latecomer.runCode("python3", "print(6 * 7)", Duration.ofMinutes(2)).strip())
        .isEqualTo("42");
  }

  /** Imports NAMES as accounts, each with the password "pw-NAME". */
  private void importUsers(TestHub hub, List<String> names) throws Exception {
    Path roster = Files.createTempFile(tmp, "class", ".csv");
    Path passwords = Files.createTempFile(tmp, "passwords", ".csv");
    StringBuilder rosterText = new StringBuilder("username\n");
    StringBuilder secrets = new StringBuilder("username,password\n");
    for (String name : names) {
      rosterText.append(name).append('\n');
      secrets.append(name).append(",pw-").append(name).append('\n');
    }
    Files.writeString(roster, rosterText);
    Files.writeString(passwords, secrets);
    Cli imported =
        Cli.run(
            "users",
            "import",
            "--name",
            hub.name,
            roster.toString(),
            "--passwords",
            passwords.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
  }

  private static String uidGid(TestHub hub, String user) {
    return hub.exec(null, null, "sh", "-c", "echo $(id -u " + user + "):$(id -g " + user + ")")
        .stdout()
        .strip();
  }

  /** How many times the kernel's OOM killer struck in the container's memory cgroup. */
  private static long oomKills(TestHub hub, String container) throws Exception {
    var exec =
        hub.docker()
            .execCreateCmd(container)
            .withAttachStdout(true)
            .withCmd(
                "sh",
                "-c",
                "grep -h '^oom_kill ' /sys/fs/cgroup/memory/memory.oom_control"
                    + " /sys/fs/cgroup/memory.events 2>/dev/null | awk '{s+=$2} END {print s+0}'")
            .exec();
    var out = new StringBuilder();
    hub.docker()
        .execStartCmd(exec.getId())
        .exec(
            new com.github.dockerjava.api.async.ResultCallback.Adapter<
                com.github.dockerjava.api.model.Frame>() {
              @Override
              public void onNext(com.github.dockerjava.api.model.Frame frame) {
                out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
              }
            })
        .awaitCompletion();
    return Long.parseLong(out.toString().strip());
  }

  private static boolean running(DockerClient docker, String container) {
    try {
      return Boolean.TRUE.equals(
          docker.inspectContainerCmd(container).exec().getState().getRunning());
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static boolean exists(DockerClient docker, String container) {
    try {
      docker.inspectContainerCmd(container).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
