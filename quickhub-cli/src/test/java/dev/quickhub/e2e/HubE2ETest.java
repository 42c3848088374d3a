package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.client.HubClient;
import dev.quickhub.engine.ContainerExec;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole product against a real engine: the launcher builds the image with Jib, runs the hub,
 * and users log in over HTTP through the port published on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubE2ETest {

  private static final Duration SPAWN = Duration.ofMinutes(3);
  private TestHub hub;

  @BeforeAll
  void up() {
    hub = new TestHub();
    Cli up = Cli.run(hub.args("up"));
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out())
        .contains("is up at http://localhost:" + hub.port + "/")
        .contains("admin (")
        .contains("user1 (");
  }

  @AfterAll
  void cleanUp() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @Order(1)
  void userLogsInGetsJupyterLabAndWritesAFile() {
    HubClient user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "user1"))
        .as("user1 logs in with its default password")
        .isTrue();
    user1.startServer(SPAWN);
    var lab = user1.get("user/user1/lab");
    assertThat(lab.statusCode()).isEqualTo(200);
    assertThat(lab.uri().getPath()).as("served by user1's own server").isEqualTo("/user/user1/lab");
    assertThat(lab.body())
        .contains("JupyterLab")
        .as("no news feed calling out from the users' browsers")
        .contains("\"disabledExtensions\": [\"@jupyterlab/apputils-extension:announcements\"]");
    user1.writeFile("kept.txt", "written before down");
    ContainerExec.Result notebook =
        hub.exec(null, null, "stat", "-c", "%U %a", "/home/user1/notebook/kept.txt", "/home/user1");
    assertThat(notebook.stdout())
        .as("the file is user1's, in ~/notebook; the home is 0700")
        .contains("user1 644")
        .contains("user1 700");
  }

  @Test
  @Order(2)
  void filesAccountsAndChangedPasswordsSurviveDownAndUp() {
    ContainerExec.Result changed = hub.exec(null, "user1:new-secret-42\n", "chpasswd");
    assertThat(changed.exitCode()).as(changed.stderr()).isZero();

    Cli down = Cli.run(hub.args("down"));
    assertThat(down.exitCode()).isZero();
    assertThat(containerExists(hub.name)).isFalse();
    for (String volume : new String[] {"_home", "_etc", "_srv"}) {
      assertThat(hub.docker().inspectVolumeCmd(hub.name + volume).exec().getName())
          .isEqualTo(hub.name + volume);
    }

    Cli up = Cli.run(hub.args("up"));
    assertThat(up.exitCode()).as(up.err()).isZero();

    assertThat(HubClient.at(hub.url()).login("user1", "user1"))
        .as("the old password no longer works")
        .isFalse();
    HubClient user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "new-secret-42")).as("the changed password survived").isTrue();
    user1.startServer(SPAWN);
    assertThat(user1.readFile("kept.txt")).contains("written before down");
  }

  @Test
  @Order(3)
  void adminCanSudoWithItsPasswordOnly() {
    ContainerExec.Result right =
        hub.exec("admin", "admin\n", "sudo", "-S", "-k", "-p", "", "id", "-u");
    assertThat(right.exitCode()).as(right.stderr()).isZero();
    assertThat(right.stdout().strip()).isEqualTo("0");
    ContainerExec.Result wrong =
        hub.exec("admin", "not-the-password\n", "sudo", "-S", "-k", "-p", "", "id", "-u");
    assertThat(wrong.exitCode()).isNotZero();
    ContainerExec.Result user =
        hub.exec("user1", "new-secret-42\n", "sudo", "-S", "-k", "-p", "", "id", "-u");
    assertThat(user.exitCode()).as("user1 is not in sudo").isNotZero();
  }

  @Test
  @Order(4)
  void adminIsHubAdmin() {
    HubClient admin = HubClient.at(hub.url());
    assertThat(admin.login("admin", "admin")).isTrue();
    assertThat(admin.get("hub/admin").body()).contains("admin");
    var users = admin.get("hub/api/users");
    assertThat(users.statusCode()).as("the admin API answers the hub admin").isEqualTo(200);
    var user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "new-secret-42")).isTrue();
    assertThat(user1.get("hub/api/users").statusCode()).as("not for user1").isEqualTo(403);
  }

  @Test
  @Order(5)
  void accountMadeByHandGetsNotebookAtSpawn() {
    assertThat(hub.exec(null, null, "useradd", "-m", "-s", "/bin/bash", "byhand").exitCode())
        .isZero();
    assertThat(hub.exec(null, "byhand:hand-made-7\n", "chpasswd").exitCode()).isZero();
    HubClient byhand = HubClient.at(hub.url());
    assertThat(byhand.login("byhand", "hand-made-7")).isTrue();
    byhand.startServer(SPAWN);
    assertThat(byhand.get("user/byhand/lab").statusCode()).isEqualTo(200);
    assertThat(hub.exec(null, null, "stat", "-c", "%U", "/home/byhand/notebook").stdout().strip())
        .isEqualTo("byhand");

    // An empty password never logs in over the network (the console's 'login' would allow it).
    assertThat(hub.exec(null, null, "passwd", "-d", "byhand").exitCode()).isZero();
    assertThat(HubClient.at(hub.url()).login("byhand", "")).isFalse();
    assertThat(HubClient.at(hub.url()).login("byhand", "hand-made-7")).isFalse();
  }

  @Test
  @Order(6)
  void statusShowsStateUrlImageVolumesAndAccounts() {
    Cli status = Cli.run(hub.args("status"));
    assertThat(status.exitCode()).isZero();
    InspectContainerResponse container = hub.docker().inspectContainerCmd(hub.name).exec();
    assertThat(status.out())
        .contains("running")
        .contains("http://localhost:" + hub.port + "/")
        .contains(container.getImageId())
        .contains("made 20")
        .contains(hub.name + "_home -> /home")
        .contains(hub.name + "_etc -> /etc")
        .contains(hub.name + "_srv -> /srv/quickhub")
        .containsPattern(
            "admin \\(uid 1000, hub admin, groups jupyterhub-admins,sudo, default password\\)")
        .containsPattern("user1 \\(uid 1001\\)");
    assertThat(container.getHostConfig().getRestartPolicy().getName()).isEqualTo("unless-stopped");
    assertThat(
            container
                .getHostConfig()
                .getPortBindings()
                .getBindings()
                .values()
                .iterator()
                .next()[0]
                .getHostIp())
        .isEqualTo("127.0.0.1");
  }

  @Test
  @Order(6)
  void logsShowTheHubWithoutPasswords() {
    Cli logs = Cli.run(hub.args("logs"));
    assertThat(logs.exitCode()).isZero();
    assertThat(logs.out()).contains("JupyterHub is now running");
    assertThat(logs.out())
        .as("no password in the log")
        .doesNotContain("new-secret-42")
        .doesNotContain("user1:user1");
    Cli tail = Cli.run(hub.args("logs", "--tail", "3"));
    assertThat(tail.out().strip().lines()).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  @Order(7)
  void sameInputsGiveTheSameImageIdAndUpLeavesTheContainer() {
    String running = hub.docker().inspectContainerCmd(hub.name).exec().getId();
    String first = builtId(Cli.run(hub.args("build")));
    String second = builtId(Cli.run(hub.args("build")));
    assertThat(second).isEqualTo(first);
    assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getImageId()).isEqualTo(first);
    Cli up = Cli.run(hub.args("up"));
    assertThat(up.exitCode()).isZero();
    assertThat(up.err()).contains("already up");
    assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getId())
        .as("not re-created")
        .isEqualTo(running);
  }

  @Test
  @Order(8)
  // --insecure-http: this is the default-password rule, not the HTTPS one (TlsE2ETest).
  void publicBindIsRefusedWhileAnAccountHasItsDefaultPassword() {
    Cli up = Cli.run(hub.args("up", "--bind", "0.0.0.0", "--insecure-http"));
    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.err()).contains("admin").contains("default password").doesNotContain("user1,");
    var bindings =
        hub.docker()
            .inspectContainerCmd(hub.name)
            .exec()
            .getHostConfig()
            .getPortBindings()
            .getBindings();
    assertThat(bindings.values().iterator().next()[0].getHostIp())
        .as("the hub is unchanged")
        .isEqualTo("127.0.0.1");
  }

  @Test
  @Order(9)
  void containerThatQuickhubDidNotCreateIsLeftAlone() {
    String foreign = "qhforeign-" + UUID.randomUUID().toString().substring(0, 8);
    hub.ownsContainer(foreign);
    hub.docker()
        .createContainerCmd(hub.image)
        .withName(foreign)
        .withEntrypoint("sleep", "600")
        .exec();
    Cli up =
        Cli.run(
            "up",
            "--name",
            foreign,
            "--image",
            hub.image,
            "--port",
            String.valueOf(TestHub.freePort()));
    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.err()).contains("'" + foreign + "'").contains("did not create");
    Cli down = Cli.run("down", "--name", foreign);
    assertThat(down.exitCode()).isEqualTo(1);
    assertThat(containerExists(foreign)).as("still there").isTrue();
  }

  @Test
  @Order(10)
  void optionsOfTheLastUpAreRememberedAndShown() {
    Cli up = Cli.run("up", "--name", hub.name, "--image", hub.image);
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out()).contains("http://localhost:" + hub.port + "/");
    assertThat(up.err()).as("same port, so the same container").contains("already up");
    assertThat(Cli.run(hub.args("status")).out())
        .contains("options:   port " + hub.port + ", bind 127.0.0.1");
  }

  @Test
  @Order(11)
  void destroyAsksFirstThenRemovesContainerAndVolumes() {
    Cli refused = Cli.run("destroy", "--name", hub.name);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("without confirmation").contains("--yes");
    assertThat(containerExists(hub.name)).as("nothing removed").isTrue();

    Cli destroy = Cli.run("destroy", "--name", hub.name, "--yes");
    assertThat(destroy.exitCode()).isZero();
    assertThat(destroy.out())
        .contains("container " + hub.name)
        .contains("volume " + hub.name + "_home");
    assertThat(containerExists(hub.name)).isFalse();
    assertThat(hub.docker().listVolumesCmd().exec().getVolumes())
        .noneMatch(v -> v.getName().startsWith(hub.name + "_"));
    assertThat(Cli.run(hub.args("status")).out()).contains("options:   port 8000 (default)");
  }

  private boolean containerExists(String name) {
    try {
      hub.docker().inspectContainerCmd(name).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static String builtId(Cli build) {
    assertThat(build.exitCode()).as(build.err()).isZero();
    Matcher id = Pattern.compile("sha256:[0-9a-f]{64}").matcher(build.out());
    assertThat(id.find()).as(build.out()).isTrue();
    return id.group();
  }
}
