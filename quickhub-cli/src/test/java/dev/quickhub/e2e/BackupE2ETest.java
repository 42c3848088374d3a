package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import dev.quickhub.engine.Labels;
import dev.quickhub.runtime.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running hub with 20 users and their files is backed up, its volumes deleted and restored: every
 * file comes back with its checksum, owner and mode, and users log in with their passwords. Users'
 * servers run as {@link #servers()} says (a subclass runs the same in container mode).
 */
class BackupE2ETest {

  Servers servers() {
    return Servers.PROCESS;
  }

  /** Every file, folder and link of the homes and hub state with owner, mode, size and checksum. */
  private static final String INVENTORY =
      "cd / && find home srv/quickhub -path srv/quickhub/hub/jupyterhub.sqlite -prune -o"
          + " -path srv/quickhub/hub/jupyterhub-proxy.pid -prune -o"
          + " -printf '%p %U %G %m %y %l\\n' | sort"
          + " && find home srv/quickhub/local -type f -exec md5sum {} + | sort";

  @TempDir Path tmp;

  @Test
  void backupOfARunningHubRestoresEveryFileOwnerModeAndPassword() throws Exception {
    try (TestHub hub = new TestHub(servers())) {
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
      String roster =
          "username,full_name,groups,admin\n"
              + IntStream.rangeClosed(1, 20)
                  .mapToObj(i -> "pupil" + i + ",Pupil " + i + ",course,false")
                  .collect(Collectors.joining("\n"))
              + "\n";
      Path rosterFile = tmp.resolve("class.csv");
      Files.writeString(rosterFile, roster);
      Path passwords = tmp.resolve("passwords.csv");
      Files.writeString(
          passwords,
          "username,password\n"
              + IntStream.rangeClosed(1, 20)
                  .mapToObj(i -> "pupil" + i + ",pw-" + i)
                  .collect(Collectors.joining("\n"))
              + "\n");
      assertThat(
              Cli.run(
                      "users",
                      "import",
                      "--name",
                      hub.name,
                      rosterFile.toString(),
                      "--passwords",
                      passwords.toString())
                  .exitCode())
          .isZero();
      for (int i = 1; i <= 20; i++) {
        String user = "pupil" + i;
        hub.exec(
            user,
            null,
            "sh",
            "-c",
            "echo work of "
                + user
                + " > ~/notebook/work.txt && chmod 640 ~/notebook/work.txt"
                + " && head -c 20000 /dev/urandom > ~/notebook/data.bin"
                + " && ln -s work.txt ~/notebook/latest && mkdir -p ~/.secret && chmod 700 ~/.secret");
      }
      assertThat(
              Cli.runWithStdin(
                      "changed-pw\n",
                      "users",
                      "passwd",
                      "--name",
                      hub.name,
                      "pupil3",
                      "--password-stdin")
                  .exitCode())
          .isZero();
      assertThat(Cli.run("users", "admin", "--name", hub.name, "pupil7", "--grant").exitCode())
          .isZero();
      String before = hub.exec(null, null, "sh", "-c", INVENTORY).stdout();
      String accounts =
          hub.exec(null, null, "sh", "-c", "getent passwd; getent shadow; getent group").stdout();

      Path archive = tmp.resolve("hub.tar.gz");
      Cli backup = Cli.run("backup", "--name", hub.name, "-o", archive.toString());
      assertThat(backup.exitCode()).as(backup.err()).isZero();
      assertThat(backup.out()).contains("Backed up hub " + hub.name + " (4 volumes");
      assertThat(Files.getPosixFilePermissions(archive))
          .extracting(Object::toString)
          .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
      assertThat(HubClient.at(hub.url()).login("pupil1", "pw-1")).as("kept running").isTrue();

      // Damaged copies fail before anything is written, into a hub name nobody uses yet.
      byte[] bytes = Files.readAllBytes(archive);
      Path truncated = tmp.resolve("truncated.tar.gz");
      Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
      Path corrupt = tmp.resolve("corrupt.tar.gz");
      byte[] flipped = bytes.clone();
      for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
        flipped[i] ^= 0x5a;
      }
      Files.write(corrupt, flipped);
      try (TestHub other = new TestHub()) {
        for (Path damaged : new Path[] {truncated, corrupt}) {
          Cli refused =
              Cli.run("restore", damaged.toString(), "--name", other.name, "--image", hub.image);
          assertThat(refused.exitCode()).isNotZero();
          assertThat(refused.err())
              .contains("is damaged or incomplete")
              .contains("nothing was written");
        }
        assertThat(hub.docker().listVolumesCmd().exec().getVolumes())
            .extracting(v -> v.getName())
            .noneMatch(name -> name.startsWith(other.name));
      }

      assertThat(
              Cli.run("restore", archive.toString(), "--name", hub.name, "--image", hub.image)
                  .err())
          .as("refused while the hub runs")
          .contains("restore writes only into a hub that is down");
      assertThat(Cli.run(hub.args("down")).exitCode()).isZero();
      assertThat(
              Cli.run("restore", archive.toString(), "--name", hub.name, "--image", hub.image)
                  .err())
          .as("refused over files")
          .contains("already hold files");
      for (String suffix : new String[] {"_home", "_etc", "_srv", "_shared"}) {
        hub.docker().removeVolumeCmd(hub.name + suffix).exec();
      }
      Cli restore =
          Cli.run("restore", archive.toString(), "--name", hub.name, "--image", hub.image);
      assertThat(restore.exitCode()).as(restore.err()).isZero();
      assertThat(hub.docker().inspectVolumeCmd(hub.name + "_home").exec().getLabels())
          .as("quickhub's own, so destroy removes it")
          .containsEntry(Labels.HUB, hub.name);
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();

      assertThat(hub.exec(null, null, "sh", "-c", INVENTORY).stdout())
          .as("every file with checksum, owner and mode")
          .isEqualTo(before);
      assertThat(
              hub.exec(null, null, "sh", "-c", "getent passwd; getent shadow; getent group")
                  .stdout())
          .isEqualTo(accounts);
      HubClient pupil3 = HubClient.at(hub.url());
      assertThat(pupil3.login("pupil3", "changed-pw")).isTrue();
      pupil3.startServer(java.time.Duration.ofMinutes(3));
      assertThat(pupil3.readFile("work.txt")).contains("work of pupil3\n");
      assertThat(HubClient.at(hub.url()).login("pupil12", "pw-12")).isTrue();
      HubClient pupil7 = HubClient.at(hub.url());
      assertThat(pupil7.login("pupil7", "pw-7")).isTrue();
      assertThat(pupil7.get("hub/api/users").statusCode()).as("admin rights kept").isEqualTo(200);
    }
  }
}
