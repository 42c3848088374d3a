package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import dev.quickhub.runtime.Servers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 'quickhub users' against a running hub: every change shows in real logins over HTTP. Users'
 * servers run as {@link #servers()} says (a subclass runs the same in container mode).
 */
class UsersE2ETest {

  Servers servers() {
    return Servers.PROCESS;
  }

  @Test
  void addListPasswdAdminAndRemoveWorkWithoutARestart() throws Exception {
    try (TestHub hub = new TestHub(servers())) {
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
      Map<String, String> passwords = new HashMap<>();
      for (String user : new String[] {"eve", "finn"}) {
        Matcher line = Pattern.compile("(?m)^" + user + ",(\\S+)$").matcher(random.out());
        assertThat(line.find()).as(random.out()).isTrue();
        passwords.put(user, line.group(1));
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
      Session danaSession = Session.of(hub, danaAdmin);
      assertThat(Cli.run("users", "admin", "--name", hub.name, "dana", "--revoke").exitCode())
          .isZero();
      assertThat(danaAdmin.get("hub/api/users").statusCode())
          .as("the admin's old login cookie")
          .isEqualTo(403);
      danaSession.assertEnded();
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

      // A hub that refuses quickhub's service (here: a wrong token) leaves the account alone.
      String token = "/srv/quickhub/hub/quickhub-service-token";
      hub.exec(null, null, "sh", "-c", "mv " + token + " " + token + ".kept; echo wrong >" + token);
      Cli refused = Cli.run("users", "remove", "--name", hub.name, "finn");
      hub.exec(null, null, "mv", token + ".kept", token);
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains("Nothing was changed: the hub refused GET /users/finn");
      assertThat(hub.exec(null, null, "test", "-d", "/home/finn").exitCode()).isZero();
      assertThat(HubClient.at(hub.url()).login("finn", passwords.get("finn"))).isTrue();
      assertThat(Cli.run("users", "remove", "--name", hub.name, "finn", "--keep-home").exitCode())
          .isZero();
      HubClient eve = HubClient.at(hub.url());
      assertThat(eve.login("eve", passwords.get("eve"))).isTrue();
      Session eveSession = Session.of(hub, eve);
      assertThat(Cli.run("users", "remove", "--name", hub.name, "eve").exitCode()).isZero();
      eveSession.assertEnded();
      assertThat(hub.exec(null, null, "test", "-d", "/home/finn").exitCode())
          .as("kept home")
          .isZero();
      assertThat(hub.exec(null, null, "test", "-e", "/home/eve").exitCode())
          .as("removed home")
          .isNotZero();
      assertThat(HubClient.at(hub.url()).login("eve", "anything")).isFalse();
      // A new account of the same name is a new hub user: the old one's login and token stay dead.
      assertThat(
              Cli.runWithStdin(
                      "new-eve-pw-4\n",
                      "users",
                      "add",
                      "--name",
                      hub.name,
                      "eve",
                      "--password-stdin")
                  .exitCode())
          .isZero();
      HubClient newEve = HubClient.at(hub.url());
      assertThat(newEve.login("eve", "new-eve-pw-4")).isTrue();
      assertThat(newEve.get("hub/api/user").statusCode()).isEqualTo(200);
      eveSession.assertLoggedOut();
      Cli unknown = Cli.run("users", "remove", "--name", hub.name, "nosuchuser");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err())
          .contains("There is no user 'nosuchuser'; 'quickhub users list' shows the accounts.");
      Cli system = Cli.run("users", "remove", "--name", hub.name, "nobody");
      assertThat(system.exitCode()).isEqualTo(1);
      assertThat(system.err()).contains("'nobody' is a system account");
      assertThat(hub.exec(null, null, "getent", "passwd", "nobody").exitCode())
          .as("still there")
          .isZero();

      // The admin panel's path: an admin creates a user through the REST API.
      HubClient admin = HubClient.at(hub.url());
      assertThat(admin.login("admin", "admin")).isTrue();
      assertThat(admin.get("hub/api/users/finn").statusCode())
          .as("the hub forgot the removed user (a restart would not make the account again)")
          .isEqualTo(404);
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

  /**
   * What a logged-in user has before their account changes: the login cookie, a running server with
   * its processes, and an API token.
   */
  private record Session(TestHub hub, HubClient client, String uid, String token) {

    static Session of(TestHub hub, HubClient client) throws Exception {
      client.startServer(Duration.ofMinutes(3));
      String uid = hub.exec(null, null, "id", "-u", client.user()).stdout().strip();
      Session session = new Session(hub, client, uid, client.newApiToken("before the change"));
      assertThat(client.get("hub/api/user").statusCode()).isEqualTo(200);
      assertThat(session.withToken("hub/api/user")).isEqualTo(200);
      assertThat(session.withToken("user/" + client.user() + "/api/status")).isEqualTo(200);
      assertThat(session.hasServer()).isTrue();
      return session;
    }

    void assertEnded() throws Exception {
      assertLoggedOut();
      String user = client.user();
      assertThat(withToken("user/" + user + "/api/status")).as("old server").isNotEqualTo(200);
      assertThat(hasServer()).as("server of uid " + uid).isFalse();
    }

    void assertLoggedOut() throws Exception {
      assertThat(client.get("hub/api/user").statusCode()).as("old cookie").isEqualTo(403);
      assertThat(withToken("hub/api/user")).as("old token").isIn(401, 403);
    }

    /** A GET with the token, without following redirects (the hub's answer for a gone server). */
    int withToken(String path) throws Exception {
      HttpRequest request =
          HttpRequest.newBuilder(hub.url().resolve(path))
              .header("Authorization", "token " + token)
              .timeout(Duration.ofSeconds(30))
              .build();
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .build()
          .send(request, HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }

    boolean hasServer() {
      return hub.hasServer(client.user(), uid);
    }
  }
}
