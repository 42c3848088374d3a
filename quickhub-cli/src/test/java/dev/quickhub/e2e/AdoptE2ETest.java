package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.quickhub.client.HubClient;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Labels;
import dev.quickhub.engine.OneShot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hub of the original quick-jupyterhub ({@code docker run --rm -v NAME_home:/home -v
 * NAME_etc:/etc --name NAME}) is taken over: accounts, uids, hashes, sudo and homes kept.
 */
class AdoptE2ETest {

  /**
   * What the original's image and README leave in its /etc volume: an /etc of another distribution
   * (Ubuntu's marker file and its uid-1000 user), admin in sudo with a changed password, user1, a
   * student added by hand with useradd, files in the homes.
   */
  private static final String ORIGINAL =
      String.join(
          " && ",
          "echo DISTRIB_ID=Ubuntu > /etc/lsb-release",
          "groupadd -g 1000 ubuntu && useradd -u 1000 -g 1000 -m -s /bin/bash ubuntu",
          "useradd -m -s /bin/bash admin && echo admin:orig-admin-pw | chpasswd",
          "usermod -aG sudo admin",
          "useradd -m -s /bin/bash user1 && echo user1:user1 | chpasswd",
          "useradd -m -s /bin/bash -u 1234 alice && echo alice:alice-pw | chpasswd",
          "mkdir /home/alice/notebook && echo hello > /home/alice/notebook/data.txt",
          "chown -R alice: /home/alice/notebook && chmod 755 /home/alice",
          "touch /tmp/ready && exec sleep infinity");

  private static String exec(TestHub hub, String... command) {
    return hub.exec(null, null, command).stdout().strip();
  }

  @Test
  void originalHubIsTakenOverWithItsAccountsPasswordsAndHomesAndNoVolumeIsLost() throws Exception {
    try (TestHub hub = new TestHub()) {
      String home = hub.name + "_home";
      String etc = hub.name + "_etc";
      String copy = hub.name + "_etc-original";
      for (String volume : List.of(home, etc, copy)) {
        hub.ownsVolume(volume);
      }
      hub.ownsContainer(hub.name);
      hub.ownsContainer(hub.name + "-original");
      assertThat(Cli.run(hub.args("build")).exitCode()).isZero();
      var docker = hub.docker();
      docker.createVolumeCmd().withName(home).exec();
      docker.createVolumeCmd().withName(etc).exec();
      String original =
          docker
              .createContainerCmd(hub.image)
              .withName(hub.name)
              .withEntrypoint("/bin/bash", "-c", ORIGINAL)
              .withCmd(List.of())
              .withHostConfig(
                  HostConfig.newHostConfig()
                      .withAutoRemove(true)
                      .withBinds(
                          new Bind(home, new Volume("/home")), new Bind(etc, new Volume("/etc"))))
              .exec()
              .getId();
      docker.startContainerCmd(original).exec();
      Instant deadline = Instant.now().plusSeconds(60);
      while (hub.exec(null, null, "test", "-f", "/tmp/ready").exitCode() != 0) {
        assertThat(Instant.now()).as("the original's accounts made").isBefore(deadline);
        Thread.sleep(300);
      }

      // Published on every address: HTTPS is needed, or plain HTTP asked for by name; even then
      // user1's password is its name. Each refusal comes before the original is touched.
      String[] publicAdopt = {
        "adopt",
        "--name",
        hub.name,
        "--image",
        hub.image,
        "--port",
        String.valueOf(hub.port),
        "--bind",
        "0.0.0.0"
      };
      Cli plain = Cli.run(publicAdopt);
      assertThat(plain.exitCode()).isEqualTo(1);
      assertThat(plain.err()).contains("over plain HTTP");
      String[] insecure = java.util.Arrays.copyOf(publicAdopt, publicAdopt.length + 1);
      insecure[publicAdopt.length] = "--insecure-http";
      Cli defaults = Cli.run(insecure);
      assertThat(defaults.exitCode()).isEqualTo(1);
      assertThat(defaults.err()).contains("while user1 still use the default password");
      assertThat(docker.inspectContainerCmd(hub.name).exec().getState().getRunning())
          .as("the original still runs")
          .isTrue();
      assertThat(docker.listVolumesCmd().exec().getVolumes())
          .extracting(v -> v.getName())
          .doesNotContain(copy);

      Cli adopt =
          Cli.run(
              "adopt",
              "--name",
              hub.name,
              "--image",
              hub.image,
              "--port",
              String.valueOf(hub.port));
      assertThat(adopt.exitCode()).as(adopt.err()).isZero();
      assertThat(adopt.out())
          .contains("adopted alice (uid 1234")
          .contains("adopted admin (")
          .contains("The original /etc is kept as it was in volume " + copy)
          .contains("is up at");
      assertThat(docker.inspectContainerCmd(hub.name).exec().getConfig().getLabels())
          .as("the container is quickhub's now")
          .containsEntry(Labels.HUB, hub.name);

      assertThat(exec(hub, "id", "-u", "alice")).isEqualTo("1234");
      assertThat(exec(hub, "id", "-nG", "admin")).contains("sudo").contains("jupyterhub-admins");
      assertThat(exec(hub, "stat", "-c", "%a %U", "/home/alice")).isEqualTo("700 alice");
      assertThat(hub.exec(null, null, "test", "-e", "/etc/lsb-release").exitCode())
          .as("the rest of /etc is the image's")
          .isNotZero();
      ContainerExec.Result kept =
          new OneShot(docker)
              .run(
                  hub.image,
                  hub.name,
                  List.of(new Bind(copy, new Volume("/kept"))),
                  "sh",
                  "-c",
                  "cat /kept/lsb-release; grep ^alice: /kept/passwd");
      assertThat(kept.stdout())
          .as("the original /etc, whole")
          .contains("DISTRIB_ID=Ubuntu")
          .contains("alice:x:1234:");
      assertThat(docker.listVolumesCmd().exec().getVolumes())
          .extracting(v -> v.getName())
          .contains(home, etc, copy);

      HubClient alice = HubClient.at(hub.url());
      assertThat(alice.login("alice", "alice-pw")).as("password hash kept").isTrue();
      alice.startServer(Duration.ofMinutes(3));
      assertThat(alice.readFile("data.txt")).contains("hello\n");
      HubClient admin = HubClient.at(hub.url());
      assertThat(admin.login("admin", "admin")).as("not reset to the seed password").isFalse();
      assertThat(admin.login("admin", "orig-admin-pw")).isTrue();
      assertThat(admin.get("hub/api/users").statusCode()).as("hub admin").isEqualTo(200);

      Cli again = Cli.run("adopt", "--name", hub.name, "--image", hub.image);
      assertThat(again.exitCode()).isNotZero();
      assertThat(again.err()).contains("already run by quickhub; there is nothing to adopt");
    }
  }

  @Test
  void nothingToAdoptIsOneSentenceAndChangesNothing() throws Exception {
    try (TestHub hub = new TestHub()) {
      Cli adopt = Cli.run("adopt", "--name", hub.name, "--image", hub.image);
      assertThat(adopt.exitCode()).isNotZero();
      assertThat(adopt.err())
          .contains("There is no volume " + hub.name + "_etc with the original's accounts");
      assertThat(hub.docker().listVolumesCmd().exec().getVolumes())
          .extracting(v -> v.getName())
          .noneMatch(name -> name.startsWith(hub.name));
    }
  }
}
