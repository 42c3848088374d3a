package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import dev.quickhub.engine.ContainerExec;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A student attacks the hub from their own account, as the security model says they may try: each
 * test performs one attack with bounded loops on one shared hub (loopback only), then checks that
 * nothing outside the attacker's home changed and that the hub keeps serving the others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttackE2ETest {

  /** Files anywhere in the container owned by a user, outside their home and scratch folders. */
  private static final String OWNED_OUTSIDE_HOME =
      "find / \\( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp"
          + " -o -path /var/tmp -o -path \"$HOME_DIR\" \\) -prune -o -user \"$VICTIM\" -print";

  private TestHub hub;

  @BeforeAll
  void up() {
    hub = new TestHub();
    assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
    for (String student : new String[] {"student2", "bomber"}) {
      Cli added =
          Cli.runWithStdin(
              student + "-pw\n", "users", "add", "--name", hub.name, student, "--password-stdin");
      assertThat(added.exitCode()).as(added.err()).isZero();
    }
  }

  @AfterAll
  void down() throws Exception {
    hub.close();
  }

  /**
   * Root once created and chowned folders in the home before each start, following the user's
   * links: {@code ~/.local -> /opt} gave the student {@code /opt/lib/...}, and a link swapped in at
   * the right moment gave them any file. Here each place the start touches is a planted link in
   * turn, then a background loop swaps each new {@code ~/notebook} for a link to the shadow file,
   * while the server is restarted again and again.
   */
  @Test
  void linksPlantedInTheHomeNeverLeadRootOutsideIt() {
    HubClient attacker = HubClient.at(hub.url());
    assertThat(attacker.login("user1", "user1")).isTrue();
    // Each plant in turn, in a home otherwise as the hub made it, then two server starts.
    String[][] plants = {
      {"ln -s /opt .local", "/opt/lib"},
      {"mkdir .local && ln -s /usr/share .local/lib", "/usr/share/python3.13"},
      {"ln -s /usr/share/qh-planted notebook", "/usr/share/qh-planted"},
      {
        "mkdir -p .local/lib && ln -s /usr/share/qh-planted .local/lib/python3.13",
        "/usr/share/qh-planted"
      },
    };
    for (String[] plant : plants) {
      resetHome();
      assertThat(hub.exec("user1", null, "sh", "-c", "cd && " + plant[0]).exitCode()).isZero();
      for (int i = 0; i < 2; i++) {
        startIgnoringFailure(attacker);
        attacker.stopServer(Duration.ofSeconds(30));
      }
      assertThat(exists(plant[1])).as("%s after %s", plant[1], plant[0]).isFalse();
      assertNothingOwnedOutsideHome("user1");
    }

    // The race: whenever a start has made ~/notebook, it is swapped at once for a link to
    // /etc/shadow (a chown by root through it would hand the student the shadow file).
    resetHome();
    String race =
        "cd && rm -rf notebook && ln -s /etc/shadow evil && end=$(( $(date +%s) + 40 ))"
            + " && while [ $(date +%s) -lt $end ]; do"
            + "   if [ -d notebook ] && [ ! -L notebook ]; then mv --exchange notebook evil"
            + "     && rm -rf evil && ln -s /etc/shadow evil && rm -f notebook; fi;"
            + " done";
    Thread racer = new Thread(() -> hub.exec("user1", null, "timeout", "45", "sh", "-c", race));
    racer.start();
    try {
      for (int i = 0; i < 8; i++) {
        startIgnoringFailure(attacker);
        attacker.stopServer(Duration.ofSeconds(30));
      }
    } finally {
      joinQuietly(racer);
    }
    assertThat(root("stat -c '%U:%G %a' /etc/shadow /etc /etc/passwd").stdout())
        .isEqualTo("root:shadow 640\nroot:root 755\nroot:root 644\n");
    assertNothingOwnedOutsideHome("user1");
    othersAreServed();
    resetHome();
  }

  /** user1's home as the hub makes it: no links, a ~/notebook folder. */
  private void resetHome() {
    hub.exec("user1", null, "sh", "-c", "cd && rm -rf notebook evil .local && mkdir notebook");
  }

  /**
   * A fork bomb in a notebook (bounded: children sleep 40 s, at most 5,000 forks, 60 s) stops at
   * the user's process cap (512 by default) while another user logs in, starts a server and runs
   * code.
   */
  @Test
  void aForkBombStopsAtTheUsersCapWhileOthersWork() {
    HubClient bomber = HubClient.at(hub.url());
    assertThat(bomber.login("bomber", "bomber-pw")).isTrue();
    bomber.startServer(Duration.ofSeconds(60));
    String bomb =
        String.join(
            "\n",
            "import os, time",
            "forks, error, end = 0, None, time.time() + 60",
            "while forks < 5000 and time.time() < end:",
            "    try:",
            "        pid = os.fork()",
            "    except OSError as e:",
            "        error = e.errno",
            "        break",
            "    if pid == 0:",
            "        time.sleep(40)",
            "        os._exit(0)",
            "    forks += 1",
            "print('forks', forks, 'errno', error)");
    try {
      String result = bomber.runCode("python3", bomb, Duration.ofSeconds(90));
      assertThat(result).contains("errno 11");
      int forks = Integer.parseInt(result.replaceAll("(?s).*forks (\\d+).*", "$1"));
      assertThat(forks).isBetween(100, 512);
      othersAreServed();
      assertThat(hub.url())
          .satisfies(
              url -> assertThat(HubClient.at(url).get("hub/health").statusCode()).isEqualTo(200));
    } finally {
      root("pkill -KILL -u bomber");
    }
  }

  /**
   * A student about to be removed leaves a set-user-id copy of a shell in /tmp and a process that
   * keeps forking: removal ends every process of theirs, and the next account gets another uid, so
   * the shell does not make anybody that newcomer.
   */
  @Test
  void aRemovedStudentLeavesNothingThatBecomesTheNextAccount() {
    Cli added =
        Cli.runWithStdin(
            "leaver-pw\n", "users", "add", "--name", hub.name, "leaver", "--password-stdin");
    assertThat(added.exitCode()).as(added.err()).isZero();
    String uid = hub.exec("root", null, "id", "-u", "leaver").stdout().strip();
    String gid = hub.exec("root", null, "id", "-g", "leaver").stdout().strip();
    String plant =
        "cp /bin/bash /tmp/.leaver-shell && chmod u+s /tmp/.leaver-shell"
            + " && (setsid sh -c 'end=$(( $(date +%s) + 120 ));"
            + " while [ $(date +%s) -lt $end ]; do sleep 1 & wait; done' >/dev/null 2>&1 &)";
    assertThat(hub.exec("leaver", null, "sh", "-c", plant).exitCode()).isZero();
    try {
      Cli removed = Cli.run("users", "remove", "--name", hub.name, "leaver");
      assertThat(removed.exitCode()).as(removed.err()).isZero();
      assertThat(root("pgrep -u " + uid).exitCode()).as("processes of uid " + uid).isNotZero();
      Cli next =
          Cli.runWithStdin(
              "newcomer-pw\n", "users", "add", "--name", hub.name, "newcomer", "--password-stdin");
      assertThat(next.exitCode()).as(next.err()).isZero();
      assertThat(hub.exec("root", null, "id", "-u", "newcomer").stdout().strip()).isNotIn(uid, gid);
      assertThat(hub.exec("root", null, "id", "-g", "newcomer").stdout().strip()).isNotIn(uid, gid);
      assertThat(root("stat -c %u:%g /tmp/.leaver-shell").stdout().strip())
          .isEqualTo(uid + ":" + gid);
    } finally {
      root("rm -f /tmp/.leaver-shell");
    }
  }

  /** Homes are 0700, hub state and the shadow file root's; a student reads none of them. */
  @Test
  void aStudentReadsNoOtherHomeNorTheHubsSecrets() {
    assertThat(
            hub.exec("student2", null, "sh", "-c", "echo secret > ~/notebook/mine.txt").exitCode())
        .isZero();
    for (String path :
        new String[] {
          "/home/student2/notebook/mine.txt",
          "/etc/shadow",
          "/srv/quickhub/hub/quickhub-service-token",
          "/srv/quickhub/hub/jupyterhub_cookie_secret",
          "/srv/quickhub/hub/jupyterhub.sqlite",
          "/etc/quickhub/default-passwords"
        }) {
      ContainerExec.Result read = hub.exec("user1", null, "cat", path);
      assertThat(read.exitCode()).as(path).isNotZero();
      assertThat(read.stderr()).as(path).contains("Permission denied");
    }
    assertThat(hub.exec("user1", "user1\n", "sudo", "-S", "-k", "true").exitCode())
        .as("user1 is no sudoer")
        .isNotZero();
  }

  /**
   * A server's pid, once it ended, may be taken by any other process; the hub once went on
   * signalling that pid as root. Here user1's forked server is killed, a root process of the
   * container takes its pid at once (set through the pid namespace's last-pid counter from the
   * engine's host), and the hub is asked to stop the server: the stranger survives.
   */
  @Test
  void aReusedServerPidIsNeverSignalled() throws Exception {
    HubClient user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "user1")).isTrue();
    user1.startServer(Duration.ofSeconds(60));
    String pid = root("pgrep -u user1 -o -f quickhub-preloader").stdout().strip();
    assertThat(pid).matches("\\d+");
    long hostPid = hub.docker().inspectContainerCmd(hub.name).exec().getState().getPidLong();
    String stranger = null;
    for (int attempt = 0; attempt < 5 && !pid.equals(stranger); attempt++) {
      root("kill -KILL " + pid);
      // In the hub's pid namespace, with a /proc of its own: the next fork gets the server's pid.
      Process decoy =
          new ProcessBuilder(
                  "nsenter",
                  "-t",
                  String.valueOf(hostPid),
                  "-p",
                  "--",
                  "unshare",
                  "-m",
                  "--propagation",
                  "private",
                  "sh",
                  "-c",
                  "mount -t proc proc /proc && echo $(("
                      + pid
                      + " - 1))"
                      + " > /proc/sys/kernel/ns_last_pid && { sleep 300 >/dev/null 2>&1 & }")
              .redirectErrorStream(true)
              .start();
      decoy.waitFor();
      stranger = root("pgrep -n -x sleep").stdout().strip();
      if (!pid.equals(stranger)) {
        root("pkill -x sleep");
      }
    }
    assertThat(stranger).as("a stranger took the server's pid").isEqualTo(pid);
    try {
      user1.stopServer(Duration.ofSeconds(30));
      assertThat(root("ps -o args= -p " + pid).stdout()).contains("sleep 300");
    } finally {
      root("pkill -x sleep");
    }
    othersAreServed();
  }

  private void startIgnoringFailure(HubClient client) {
    try {
      client.startServer(Duration.ofSeconds(20));
    } catch (RuntimeException e) {
      // A server whose ~/notebook points nowhere may fail to start: that is the attacker's loss.
    }
  }

  /** Another user logs in, gets a server and runs code. */
  private void othersAreServed() {
    HubClient other = HubClient.at(hub.url());
    assertThat(other.login("student2", "student2-pw")).isTrue();
    other.startServer(Duration.ofSeconds(60));
    assertThat(other.runCode("python3", "print(6 * 7)", Duration.ofSeconds(60))).contains("42");
    other.stopServer(Duration.ofSeconds(30));
  }

  private void assertNothingOwnedOutsideHome(String user) {
    ContainerExec.Result found =
        hub.exec(
            "root",
            null,
            "env",
            "VICTIM=" + user,
            "HOME_DIR=/home/" + user,
            "sh",
            "-c",
            OWNED_OUTSIDE_HOME);
    assertThat(found.stdout()).as("files of %s outside their home", user).isEmpty();
  }

  private boolean exists(String path) {
    return hub.exec("root", null, "test", "-e", path).exitCode() == 0
        || hub.exec("root", null, "test", "-L", path).exitCode() == 0;
  }

  private ContainerExec.Result root(String script) {
    return hub.exec("root", null, "sh", "-c", script);
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
