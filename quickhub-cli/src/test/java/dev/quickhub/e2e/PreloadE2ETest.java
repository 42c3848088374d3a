package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import dev.quickhub.engine.ContainerExec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Servers forked from quickhub-preloader behave as exec'd ones: the user's identity, groups,
 * environment, folders and module path; a user whose own site-packages replaces a preloaded package
 * gets an exec'd server instead.
 */
class PreloadE2ETest {

  private static final String USER_SITE = ".local/lib/python3.13/site-packages";

  /** What a kernel sees of its server: identity, folders, user site, the environment's names. */
  private static final String PROBE =
      "import os, sys; print(os.getuid(), os.getgid(), os.getgroups(), os.environ['HOME'],"
          + " os.environ['JUPYTERHUB_USER'], os.getcwd(),"
          + " [p for p in sys.path if p.startswith('/home/')],"
          + " sorted(k for k in os.environ if not k.startswith('JPY_')))";

  @Test
  void forkedServersRunAsTheUserAndOwnPackagesGetAnExecdServer() throws Exception {
    try (TestHub hub = new TestHub()) {
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();

      HubClient user1 = withServer(hub, "user1");
      assertThat(serverCommand(hub, "user1")).contains("quickhub-preloader");
      String forked = user1.runCode("python3", PROBE, Duration.ofSeconds(60));
      assertThat(forked).contains("1001 1002 [1002] /home/user1 user1");

      // admin's own (empty) copy of a package the preloader imported: its server is exec'd.
      String dist = "/home/admin/" + USER_SITE + "/tornado-99.0.dist-info";
      assertThat(hub.exec("root", null, "su", "admin", "-c", "mkdir -p " + dist).exitCode())
          .isZero();
      HubClient admin = withServer(hub, "admin");
      assertThat(serverCommand(hub, "admin")).contains("jupyterhub-singleuser");
      String execd = admin.runCode("python3", PROBE, Duration.ofSeconds(60));
      // The same view of the world, but for the user: folder, user site, environment names.
      assertThat(withoutIds(forked).replace("user1", "admin")).isEqualTo(withoutIds(execd));
    }
  }

  /**
   * The preloader's memory goes to every server it forks, so it must never hold a user's secret:
   * user1's API token is nowhere in admin's server, read from the engine host's /proc (the test
   * runs beside the engine). The same scan finds the token in user1's own server.
   */
  @Test
  void aForkedServerHoldsNoOtherUsersToken() throws Exception {
    try (TestHub hub = new TestHub()) {
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
      HubClient user1 = withServer(hub, "user1");
      // The server's token, as its kernels get it (a forked process's /proc environ is the
      // preloader's).
      String token =
          user1
              .runCode(
                  "python3",
                  "import os; print(os.environ['JUPYTERHUB_API_TOKEN'])",
                  Duration.ofSeconds(60))
              .strip();
      HubClient admin = withServer(hub, "admin");
      byte[] secret = token.getBytes(StandardCharsets.US_ASCII);
      assertThat(memoryContains(hostPidOf(hub, "1001"), secret))
          .as("the scan finds the owner's token")
          .isTrue();
      assertThat(memoryContains(hostPidOf(hub, "1000"), secret))
          .as("user1's token in admin's server")
          .isFalse();
    }
  }

  /** The host pid of the server process of uid {@code uid} in the hub's container. */
  private static long hostPidOf(TestHub hub, String uid) {
    String[][] rows =
        hub.docker().topContainerCmd(hub.name).withPsArgs("-eo pid,uid,args").exec().getProcesses();
    return Arrays.stream(rows)
        .filter(row -> row[1].equals(uid) && row[2].contains("quickhub-preloader"))
        .mapToLong(row -> Long.parseLong(row[0]))
        .findFirst()
        .orElseThrow();
  }

  /** Whether a readable mapping of process {@code pid} contains {@code needle}. */
  private static boolean memoryContains(long pid, byte[] needle) throws IOException {
    try (RandomAccessFile memory = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
      for (String map : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
        String[] fields = map.split("\\s+");
        if (!fields[1].startsWith("r") || map.endsWith("[vvar]") || map.endsWith("[vsyscall]")) {
          continue;
        }
        String[] range = fields[0].split("-");
        long start = Long.parseUnsignedLong(range[0], 16);
        long end = Long.parseUnsignedLong(range[1], 16);
        byte[] region = new byte[(int) Math.min(end - start, Integer.MAX_VALUE - 8)];
        try {
          memory.seek(start);
          memory.readFully(region);
        } catch (IOException e) {
          continue; // a mapping that cannot be read (guard pages)
        }
        if (indexOf(region, needle) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** A client logged in as {@code user} (password = name) whose server is ready. */
  private static HubClient withServer(TestHub hub, String user) {
    HubClient client = HubClient.at(hub.url());
    assertThat(client.login(user, user)).isTrue();
    client.startServer(Duration.ofSeconds(60));
    return client;
  }

  private static String withoutIds(String probe) {
    return probe.replaceFirst("^\\d+ \\d+ \\[[0-9, ]*\\]", "");
  }

  /** The command lines of the user's processes in the hub's container. */
  private static String serverCommand(TestHub hub, String user) {
    ContainerExec.Result ps = hub.exec("root", null, "ps", "-o", "args=", "-u", user);
    assertThat(ps.exitCode()).as(ps.stderr()).isZero();
    return ps.stdout();
  }
}
