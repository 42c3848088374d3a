package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import dev.quickhub.runtime.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /etc volume is lost; the homes survive; 'users restore' brings every user back. Users'
 * servers run as {@link #servers()} says (a subclass runs the same in container mode).
 */
class RestoreE2ETest {

  Servers servers() {
    return Servers.PROCESS;
  }

  @TempDir Path tmp;

  private static String exec(TestHub hub, String... command) {
    return hub.exec(null, null, command).stdout().strip();
  }

  @Test
  void accountsComeBackWithTheirUidsFromTheHomesAndBadHomesAreReported() throws Exception {
    try (TestHub hub = new TestHub(servers())) {
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
      assertThat(
              Cli.runWithStdin(
                      "kim-pw-1\n", "users", "add", "--name", hub.name, "kim", "--password-stdin")
                  .exitCode())
          .isZero();
      assertThat(Cli.run("users", "add", "--name", hub.name, "lee").exitCode()).isZero();
      hub.exec("kim", null, "sh", "-c", "echo mine > /home/kim/notebook/kim.txt");
      String kim = exec(hub, "id", "kim");
      String lee = exec(hub, "id", "-u", "lee");
      hub.exec(
          null,
          null,
          "sh",
          "-c",
          "mkdir /home/Bad_Name /home/rootowned /home/lost+found /home/sudoer /home/shadowy"
              + " /home/hubadmin && chown 1500:1500 /home/Bad_Name && chown 1600:sudo /home/sudoer"
              + " && chown 1601:shadow /home/shadowy && chown 1602:jupyterhub-admins /home/hubadmin");

      assertThat(Cli.run(hub.args("down")).exitCode()).isZero();
      hub.docker().removeVolumeCmd(hub.name + "_etc").exec();
      assertThat(Cli.run(hub.args("up")).exitCode())
          .as("a fresh /etc: only the seed accounts")
          .isZero();
      assertThat(hub.exec(null, null, "getent", "passwd", "kim").exitCode()).isNotZero();

      Path given = tmp.resolve("passwords.csv");
      Files.writeString(given, "username,password\nkim,kim-pw-2\n");
      Cli restore =
          Cli.run("users", "restore", "--name", hub.name, "--passwords", given.toString());
      assertThat(restore.exitCode()).as(restore.err()).isZero();
      assertThat(restore.out())
          .contains("restored kim (uid ")
          .contains("locked: no password for it")
          .contains("skipped /home/Bad_Name: not a valid user name")
          .contains("skipped /home/rootowned: owned by root")
          .contains("skipped /home/lost+found")
          .containsPattern("skipped /home/sudoer: its gid \\d+ is a system group")
          .containsPattern("skipped /home/shadowy: its gid \\d+ is a system group")
          .containsPattern("skipped /home/hubadmin: its gid \\d+ is the group ")
          .contains("2 restored, 6 skipped.");
      assertThat(hub.exec(null, null, "getent", "passwd", "sudoer").exitCode()).isNotZero();
      assertThat(hub.exec(null, null, "getent", "passwd", "shadowy").exitCode()).isNotZero();
      assertThat(hub.exec(null, null, "getent", "passwd", "hubadmin").exitCode()).isNotZero();
      assertThat(exec(hub, "id", "kim")).as("same uid and gid").isEqualTo(kim);
      assertThat(exec(hub, "id", "-u", "lee")).isEqualTo(lee);
      assertThat(exec(hub, "stat", "-c", "%U", "/home/kim/notebook/kim.txt")).isEqualTo("kim");

      HubClient user = HubClient.at(hub.url());
      assertThat(user.login("kim", "kim-pw-2")).isTrue();
      assertThat(HubClient.at(hub.url()).login("lee", "lee")).as("locked").isFalse();
      user.startServer(java.time.Duration.ofMinutes(3));
      assertThat(user.readFile("kim.txt")).contains("mine\n");

      Cli again = Cli.run("users", "restore", "--name", hub.name);
      assertThat(again.out()).as("idempotent").contains("0 restored, 6 skipped.");
    }
  }
}
