package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import dev.quickhub.cli.HubSettings;
import dev.quickhub.client.HubClient;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Engine;
import dev.quickhub.system.Dirs;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hub on rootful Podman through its Docker-compatible API socket: up, login and spawn, down/up
 * keeps a user's file, backup and restore, and status naming Podman. The test starts its own Podman
 * service with its own storage in a temporary folder, so that everything it makes (base and hub
 * images, containers, volumes) goes when the folder goes; the machine's Podman storage and the
 * Docker engine are not touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodmanE2ETest {

  private static final Duration SPAWN = Duration.ofMinutes(3);

  /**
   * Starts the service with the container limits its own process has: rootful Podman otherwise asks
   * the runtime for 1048576 open files and processes, which a host without CAP_SYS_RESOURCE (a
   * container, some CI runners) refuses. Podman also caps its own process limit, hence 16384.
   */
  private static final String SERVICE =
      "set -e; dir=$1; hard=$(ulimit -Hu);"
          + " if [ \"$hard\" = unlimited ] || [ \"$hard\" -gt 16384 ]; then ulimit -u 16384; fi;"
          + " printf '[containers]\\ndefault_ulimits = [\"nofile=%s:%s\", \"nproc=%s:%s\"]\\n'"
          + " \"$(ulimit -Hn)\" \"$(ulimit -Hn)\" \"$(ulimit -Hu)\" \"$(ulimit -Hu)\""
          + " > \"$dir/containers.conf\";"
          + " CONTAINERS_CONF=\"$dir/containers.conf\" exec podman --root \"$dir/root\""
          + " --runroot \"$dir/run\" --tmpdir \"$dir/tmp\" system service --time=0"
          + " \"unix://$dir/podman.sock\"";

  private Path dir;
  private Process service;
  private String host;
  private Engine engine;
  private final String name = "qhpod-" + UUID.randomUUID().toString().substring(0, 8);
  private final String image = "quick-jupyterhub-test:" + name.substring(6);
  private final int port = TestHub.freePort();

  @BeforeAll
  void startPodmanAndUp() throws Exception {
    assumeTrue(onPath("podman"), "Podman is not installed (Debian: apt-get install podman)");
    assumeTrue(
        (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0,
        "rootful Podman needs root");
    dir = Files.createTempDirectory("qhpodman");
    service =
        new ProcessBuilder("bash", "-c", SERVICE, "service", dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("service.log").toFile())
            .start();
    Path socket = dir.resolve("podman.sock");
    Instant deadline = Instant.now().plusSeconds(30);
    while (!(Files.exists(socket) && DockerPing.answers(socket))) {
      assertThat(service.isAlive()).as(Files.readString(dir.resolve("service.log"))).isTrue();
      assertThat(Instant.now()).as("the Podman service answers").isBefore(deadline);
      Thread.sleep(200);
    }
    host = "unix://" + socket;
    engine = Engine.at(host, false);

    Cli up = cli("up", "--name", name, "--image", image, "--port", String.valueOf(port));
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out()).contains("is up at http://localhost:" + port + "/");
  }

  @AfterAll
  void cleanUp() throws Exception {
    if (dir == null) {
      return;
    }
    try {
      if (engine != null) {
        removeEverything();
        engine.close();
      }
    } finally {
      HubSettings.forget(Dirs.hubSettings(), name);
      if (service != null) {
        service.destroy();
        if (!service.waitFor(30, TimeUnit.SECONDS)) {
          service.destroyForcibly().waitFor();
        }
      }
      // Exec sessions leave a conmon behind for minutes; this storage's are this test's.
      ProcessHandle.allProcesses()
          .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
          .forEach(ProcessHandle::destroyForcibly);
      unmountUnder(dir);
      Sources.deleteTree(dir);
    }
  }

  @Test
  @Order(1)
  void statusNamesPodman() throws Exception {
    Cli status = cli("status", "--name", name);
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("running").containsPattern("engine: +Podman \\d+\\.\\d+");
    JsonNode json = new ObjectMapper().readTree(cli("status", "--name", name, "--json").out());
    assertThat(json.path("engine").path("name").asText()).isEqualTo("Podman");
  }

  @Test
  @Order(2)
  void userLogsInSpawnsAndHerFileSurvivesDownAndUp() {
    HubClient user1 = HubClient.at(url());
    assertThat(user1.login("user1", "user1")).isTrue();
    user1.startServer(SPAWN);
    assertThat(user1.get("user/user1/lab").statusCode()).isEqualTo(200);
    user1.writeFile("kept.txt", "written before down");

    assertThat(cli("down", "--name", name).exitCode()).isZero();
    assertThat(engine.client().listContainersCmd().withShowAll(true).exec()).isEmpty();
    Cli up = cli("up", "--name", name, "--image", image, "--port", String.valueOf(port));
    assertThat(up.exitCode()).as(up.err()).isZero();

    HubClient again = HubClient.at(url());
    assertThat(again.login("user1", "user1")).isTrue();
    again.startServer(SPAWN);
    assertThat(again.readFile("kept.txt")).contains("written before down");
  }

  @Test
  @Order(3)
  void backupAndRestoreBringBackAccountsAndFiles() throws Exception {
    Cli add = Cli.runWithStdin("kim-pw-1\n", args("users", "add", "kim", "--password-stdin"));
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(execAs("kim", "sh", "-c", "echo mine > ~/notebook/kim.txt")).isEmpty();
    Path archive = dir.resolve("hub.tar.gz");
    Cli backup = cli("backup", "--name", name, "-o", archive.toString());
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    assertThat(backup.out()).contains("Backed up hub " + name + " (4 volumes");

    assertThat(cli("down", "--name", name).exitCode()).isZero();
    for (String suffix : new String[] {"_home", "_etc", "_srv", "_shared"}) {
      engine.client().removeVolumeCmd(name + suffix).exec();
    }
    Cli restore = cli("restore", archive.toString(), "--name", name, "--image", image);
    assertThat(restore.exitCode()).as(restore.err()).isZero();
    Cli up = cli("up", "--name", name, "--image", image, "--port", String.valueOf(port));
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out()).contains("kim (uid ");

    assertThat(exec("cat", "/home/user1/notebook/kept.txt")).isEqualTo("written before down");
    assertThat(exec("stat", "-c", "%U", "/home/kim/notebook/kim.txt")).isEqualTo("kim");
    HubClient kim = HubClient.at(url());
    assertThat(kim.login("kim", "kim-pw-1")).as("her password came back").isTrue();
  }

  private URI url() {
    return URI.create("http://localhost:" + port + "/");
  }

  /** The launcher against this test's Podman service. */
  private Cli cli(String... args) {
    return Cli.run(withHost(args));
  }

  private String[] args(String... args) {
    List<String> all = new ArrayList<>(List.of(withHost(args)));
    all.addAll(List.of("--name", name));
    return all.toArray(String[]::new);
  }

  private String[] withHost(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    int afterCommand = args[0].equals("users") ? 2 : 1;
    all.addAll(afterCommand, List.of("--host", host));
    return all.toArray(String[]::new);
  }

  private String exec(String... command) {
    return execAs(null, command);
  }

  private String execAs(String user, String... command) {
    ContainerExec.Result result =
        new ContainerExec(engine.client()).run(name, user, null, List.of(command));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout().strip();
  }

  /** Removes the containers, volumes and images in this test's Podman storage. */
  private void removeEverything() {
    var docker = engine.client();
    for (var container : docker.listContainersCmd().withShowAll(true).exec()) {
      docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
    }
    List<InspectVolumeResponse> volumes = docker.listVolumesCmd().exec().getVolumes();
    for (InspectVolumeResponse volume :
        volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
      docker.removeVolumeCmd(volume.getName()).exec();
    }
    for (var found : docker.listImagesCmd().withShowAll(true).exec()) {
      docker.removeImageCmd(found.getId()).withForce(true).exec();
    }
  }

  private static boolean onPath(String command) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder, command))) {
        return true;
      }
    }
    return false;
  }

  /** Podman's storage keeps a mount of its own when its service is stopped. */
  private static void unmountUnder(Path root) throws IOException, InterruptedException {
    List<String> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
      String point = line.split(" ")[1];
      if (point.startsWith(root + "/")) {
        mounts.add(point);
      }
    }
    mounts.sort(Comparator.reverseOrder());
    for (String point : mounts) {
      new ProcessBuilder("umount", point).inheritIO().start().waitFor();
    }
  }
}
