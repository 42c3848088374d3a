package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import dev.quickhub.runtime.ContainerExec;
import java.time.Duration;
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

      HubClient user1 = HubClient.at(hub.url());
      assertThat(user1.login("user1", "user1")).isTrue();
      user1.startServer(Duration.ofSeconds(60));
      assertThat(serverCommand(hub, "user1")).contains("quickhub-preloader");
      String forked = user1.runCode("python3", PROBE, Duration.ofSeconds(60));
      assertThat(forked).contains("1001 1002 [1002] /home/user1 user1");

      // admin's own (empty) copy of a package the preloader imported: its server is exec'd.
      String dist = "/home/admin/" + USER_SITE + "/tornado-99.0.dist-info";
      assertThat(hub.exec("root", null, "su", "admin", "-c", "mkdir -p " + dist).exitCode())
          .isZero();
      HubClient admin = HubClient.at(hub.url());
      assertThat(admin.login("admin", "admin")).isTrue();
      admin.startServer(Duration.ofSeconds(60));
      assertThat(serverCommand(hub, "admin")).contains("jupyterhub-singleuser");
      String execd = admin.runCode("python3", PROBE, Duration.ofSeconds(60));
      // The same view of the world, but for the user: folder, user site, environment names.
      assertThat(withoutIds(forked).replace("user1", "admin")).isEqualTo(withoutIds(execd));
    }
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
