package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** 'quickhub users' against a running hub: every change shows in real logins over HTTP. */
class UsersE2ETest {

  @Test
  void addListPasswdAdminAndRemoveWorkWithoutARestart() throws Exception {
    try (TestHub hub = new TestHub()) {
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
      String container = hub.docker().inspectContainerCmd(hub.name).exec().getId();

      Cli add =
          Cli.runWithStdin(
              "first-pw-1\n",
              "users",
              "add",
              "--name",
              hub.name,
              "dana",
              "--password-stdin",
              "--group",
              "course");
      assertThat(add.exitCode()).as(add.err()).isZero();
      assertThat(add.out()).doesNotContain("first-pw-1");
      assertThat(HubClient.at(hub.url()).login("dana", "first-pw-1")).isTrue();
      assertThat(
              hub.exec(null, null, "stat", "-c", "%U %a", "/home/dana", "/home/dana/notebook")
                  .stdout())
          .contains("dana 700")
          .contains("dana 755");

      Cli random = Cli.run("users", "add", "--name", hub.name, "eve", "finn");
      assertThat(random.exitCode()).isZero();
      for (String user : new String[] {"eve", "finn"}) {
        Matcher line = Pattern.compile("(?m)^" + user + ",(\\S+)$").matcher(random.out());
        assertThat(line.find()).as(random.out()).isTrue();
        assertThat(HubClient.at(hub.url()).login(user, line.group(1))).as(user).isTrue();
      }

      Cli list = Cli.run("users", "list", "--name", hub.name);
      assertThat(list.out()).containsPattern("dana\\s+100\\d\\s+no\\s+set\\s+yes\\s+course");

      assertThat(
              Cli.runWithStdin(
                      "second-pw-2\n",
                      "users",
                      "passwd",
                      "--name",
                      hub.name,
                      "dana",
                      "--password-stdin")
                  .exitCode())
          .isZero();
      assertThat(HubClient.at(hub.url()).login("dana", "first-pw-1")).as("old password").isFalse();
      HubClient dana = HubClient.at(hub.url());
      assertThat(dana.login("dana", "second-pw-2")).isTrue();
      assertThat(dana.get("hub/api/users").statusCode()).isEqualTo(403);

      assertThat(Cli.run("users", "admin", "--name", hub.name, "dana", "--grant").exitCode())
          .isZero();
      HubClient danaAdmin = HubClient.at(hub.url());
      assertThat(danaAdmin.login("dana", "second-pw-2")).isTrue();
      assertThat(danaAdmin.get("hub/api/users").statusCode())
          .as("admin from the next login")
          .isEqualTo(200);
      assertThat(Cli.run("users", "admin", "--name", hub.name, "dana", "--revoke").exitCode())
          .isZero();
      HubClient danaAgain = HubClient.at(hub.url());
      assertThat(danaAgain.login("dana", "second-pw-2")).isTrue();
      assertThat(danaAgain.get("hub/api/users").statusCode()).isEqualTo(403);

      Cli exists = Cli.run("users", "add", "--name", hub.name, "gwen", "dana");
      assertThat(exists.exitCode()).isEqualTo(1);
      assertThat(exists.err()).contains("Cannot add 'dana': exists already; nothing was added");
      assertThat(hub.exec(null, null, "getent", "passwd", "gwen").exitCode())
          .as("nothing added")
          .isNotZero();
      Cli bad = Cli.run("users", "add", "--name", hub.name, "Gwen");
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.err()).contains("'Gwen' is not a valid user name");

      assertThat(Cli.run("users", "remove", "--name", hub.name, "finn", "--keep-home").exitCode())
          .isZero();
      assertThat(Cli.run("users", "remove", "--name", hub.name, "eve").exitCode()).isZero();
      assertThat(hub.exec(null, null, "test", "-d", "/home/finn").exitCode())
          .as("kept home")
          .isZero();
      assertThat(hub.exec(null, null, "test", "-e", "/home/eve").exitCode())
          .as("removed home")
          .isNotZero();
      assertThat(HubClient.at(hub.url()).login("eve", "anything")).isFalse();
      Cli unknown = Cli.run("users", "remove", "--name", hub.name, "nosuchuser");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err()).contains("There is no user 'nosuchuser'");
      Cli system = Cli.run("users", "remove", "--name", hub.name, "nobody");
      assertThat(system.exitCode()).isEqualTo(1);
      assertThat(system.err()).contains("'nobody' is a system account");
      assertThat(hub.exec(null, null, "getent", "passwd", "nobody").exitCode())
          .as("still there")
          .isZero();

      // The admin panel's path: an admin creates a user through the REST API.
      HubClient admin = HubClient.at(hub.url());
      assertThat(admin.login("admin", "admin")).isTrue();
      assertThat(admin.post("hub/api/users/hana").statusCode()).isEqualTo(201);
      assertThat(hub.exec(null, null, "stat", "-c", "%U", "/home/hana/notebook").stdout().strip())
          .isEqualTo("hana");
      assertThat(HubClient.at(hub.url()).login("hana", ""))
          .as("locked until a password is set")
          .isFalse();
      assertThat(
              Cli.runWithStdin(
                      "hana-pw-3\n",
                      "users",
                      "passwd",
                      "--name",
                      hub.name,
                      "hana",
                      "--password-stdin")
                  .exitCode())
          .isZero();
      HubClient hana = HubClient.at(hub.url());
      assertThat(hana.login("hana", "hana-pw-3")).isTrue();
      hana.startServer(java.time.Duration.ofMinutes(3));
      assertThat(hana.get("user/hana/lab").statusCode()).isEqualTo(200);

      assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getId())
          .as("no restart")
          .isEqualTo(container);
    }
  }
}
