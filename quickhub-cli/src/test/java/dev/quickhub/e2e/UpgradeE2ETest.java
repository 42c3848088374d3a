package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.QuickHub;
import dev.quickhub.client.HubClient;
import dev.quickhub.image.ImageSources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrades keep every account while the rest of /etc comes from the new image: a hub whose /etc
 * volume went stale is brought up on a changed image.
 */
class UpgradeE2ETest {

  @TempDir Path tmp;

  private static String exec(TestHub hub, String... command) {
    return hub.exec(null, null, command).stdout().strip();
  }

  @Test
  void changedImageKeepsAccountsUidsPasswordsAndAdminsAndRefreshesTheRestOfEtc() throws Exception {
    try (TestHub hub = new TestHub()) {
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
      assertThat(
              Cli.runWithStdin(
                      "zed-pw-9\n",
                      "users",
                      "add",
                      "--name",
                      hub.name,
                      "zed",
                      "--password-stdin",
                      "--group",
                      "course")
                  .exitCode())
          .isZero();
      String zed = exec(hub, "getent", "passwd", "zed");
      String shadowBefore = exec(hub, "getent", "shadow", "zed");
      // What an old image would have left in the volume: a stale file, a changed one, a system
      // group.
      hub.exec(
          null,
          null,
          "sh",
          "-c",
          "echo stale > /etc/left-by-old-image; echo changed > /etc/nanorc; groupadd -r oldsys");
      // The hub database as an older JupyterHub left it: saved, then upgraded, before the start.
      hub.exec(null, null, "sh", "-c", "echo 4.1.6 > /srv/quickhub/hub/jupyterhub.version");

      ImageSources changed = Sources.copy(tmp.resolve("src"));
      Path config = changed.imageDir().resolve("hub/jupyterhub_config.py");
      Files.writeString(
          config,
          Files.readString(config)
              + "\nc.JupyterHub.template_vars = {'announcement_login': 'upgraded-config-marker'}\n");
      hub.upFrom(changed);

      assertThat(HubClient.at(hub.url()).get("hub/login").body())
          .as("new config")
          .contains("upgraded-config-marker");
      assertThat(exec(hub, "getent", "passwd", "zed")).as("same uid, gid, home").isEqualTo(zed);
      assertThat(exec(hub, "getent", "shadow", "zed"))
          .as("same password hash")
          .isEqualTo(shadowBefore);
      assertThat(exec(hub, "id", "-nG", "zed")).contains("course");
      assertThat(exec(hub, "id", "-nG", "admin")).contains("sudo").contains("jupyterhub-admins");
      assertThat(hub.exec(null, null, "test", "-e", "/etc/left-by-old-image").exitCode())
          .as("stale file gone")
          .isNotZero();
      assertThat(
              hub.exec(null, null, "cmp", "/etc/nanorc", "/usr/share/quickhub/etc/nanorc")
                  .exitCode())
          .as("changed file back to the image's")
          .isZero();
      assertThat(hub.exec(null, null, "getent", "group", "oldsys").exitCode())
          .as("old system group gone")
          .isNotZero();

      assertThat(
              hub.exec(null, null, "test", "-s", "/srv/quickhub/hub/jupyterhub.sqlite.4.1.6.bak")
                  .exitCode())
          .as("database saved before upgrade-db")
          .isZero();
      assertThat(exec(hub, "cat", "/srv/quickhub/hub/jupyterhub.version")).startsWith("5.");
      StringBuilder log = new StringBuilder();
      QuickHub.builder().name(hub.name).build().logs(false, -1, log::append);
      assertThat(log).contains("database saved as jupyterhub.sqlite.4.1.6.bak, then upgraded");

      HubClient zedUser = HubClient.at(hub.url());
      assertThat(zedUser.login("zed", "zed-pw-9")).isTrue();
      HubClient admin = HubClient.at(hub.url());
      assertThat(admin.login("admin", "admin")).as("never reset").isTrue();
      assertThat(admin.get("hub/api/users").statusCode()).as("still hub admin").isEqualTo(200);
      assertThat(admin.get("hub/api/users").body()).as("hub database kept").contains("\"zed\"");
    }
  }
}
