package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import dev.quickhub.image.ImageSources;
import dev.quickhub.runtime.Servers;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * pip for users and for everyone, venv and conda kernels, on one hub. There is no PyPI here: the
 * test makes tiny wheels and serves them as a simple index from the hub container ({@code python3
 * -m http.server}: on its loopback, or on its address in the hub's private network when users'
 * servers run in containers); the hub's /etc/pip.conf points pip at it, as a hub with its own index
 * would. Every path ends with code run in a started kernel through the Jupyter server API. Users'
 * servers run as {@link #servers()} says (a subclass runs the same in container mode).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelsE2ETest {

  private static final Duration KERNEL = Duration.ofMinutes(2);

  /**
   * Stand-in for conda, which cannot be installed here: it implements only the command
   * quickhub-kernel calls, {@code conda create --yes --prefix ENV python ipykernel PKG...}, with a
   * venv and pip, and logs each call.
   */
  private static final String CONDA_STAND_IN =
      """
      #!/bin/sh
      echo "$@" >> "$HOME/conda-calls.log"
      [ "$1" = create ] || { echo "stand-in conda implements only create" >&2; exit 2; }
      shift; prefix=; pkgs=
      while [ $# -gt 0 ]; do
        case "$1" in
          --yes|-y) ;;
          --prefix|-p) prefix="$2"; shift ;;
          python|ipykernel) ;;
          *) pkgs="$pkgs $1" ;;
        esac
        shift
      done
      python3 -m venv --system-site-packages "$prefix" && mkdir -p "$prefix/conda-meta" || exit 1
      [ -z "$pkgs" ] || "$prefix/bin/pip" install $pkgs
      """;

  @TempDir Path tmp;
  private TestHub hub;

  Servers servers() {
    return Servers.PROCESS;
  }

  @BeforeAll
  void hubWithALocalIndexAndTwoUsers() throws Exception {
    hub = new TestHub(servers());
    assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
    for (String user : new String[] {"kim", "lee"}) {
      assertThat(
              Cli.runWithStdin(
                      user + "-pw-1\n",
                      "users",
                      "add",
                      "--name",
                      hub.name,
                      user,
                      "--password-stdin")
                  .exitCode())
          .isZero();
    }
    Wheels wheels = new Wheels();
    for (String name :
        new String[] {"qhuser", "qhmagic", "qhsystem", "qhvenv", "qhshared", "qhconda"}) {
      wheels.add(name, name.substring(2));
    }
    hub.exec(null, null, "mkdir", "-p", "/srv/pypi");
    hub.docker()
        .copyArchiveToContainerCmd(hub.name)
        .withRemotePath("/srv/pypi")
        .withTarInputStream(new ByteArrayInputStream(wheels.tar()))
        .exec();
    // User containers reach the hub container only on the hub's private network.
    String host =
        hub.containerServers()
            ? hub.docker()
                .inspectContainerCmd(hub.name)
                .exec()
                .getNetworkSettings()
                .getNetworks()
                .get(hub.name + "-net")
                .getIpAddress()
            : "127.0.0.1";
    String index = "http://" + host + ":8765/simple/";
    hub.exec(
        null,
        null,
        "sh",
        "-c",
        "cd /srv/pypi && (nohup python3 -m http.server 8765 --bind "
            + host
            + " >/dev/null 2>&1 &)");
    String pipConf = "[global]\nindex-url = " + index + "\ntrusted-host = " + host + "\n";
    assertThat(hub.exec(null, pipConf, "sh", "-c", "cat > /etc/pip.conf").exitCode()).isZero();
    Instant deadline = Instant.now().plusSeconds(30);
    while (hub.exec(
                null,
                null,
                "python3",
                "-c",
                "import urllib.request as u; u.urlopen('" + index + "')")
            .exitCode()
        != 0) {
      assertThat(Instant.now()).as("the local index answers").isBefore(deadline);
      Thread.sleep(300);
    }
  }

  @AfterAll
  void removeTheHub() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  /** The launcher's {@code kernel} command for this hub. */
  private Cli kernel(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "kernel";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--name";
    all[args.length + 2] = hub.name;
    return Cli.run(all);
  }

  private HubClient user(String name) {
    HubClient client = HubClient.at(hub.url());
    assertThat(client.login(name, name + "-pw-1")).isTrue();
    client.startServer(Duration.ofMinutes(3));
    return client;
  }

  private String run(String user, String... command) {
    var result = hub.exec(user, null, command);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  @Test
  @Order(1)
  void userPipInstallGoesIntoTheHome() {
    run("kim", "pip", "install", "qhuser");
    assertThat(run("kim", "python3", "-c", "import qhuser; print(qhuser.VALUE, qhuser.__file__)"))
        .startsWith("user /home/kim/.local/lib/python3.");
  }

  @Test
  @Order(2)
  void percentPipInARunningKernelOfANewUserIsImportableAtOnce() {
    String output =
        user("lee")
            .runCode(
                "python3", "%pip install qhmagic\nimport qhmagic\nprint(qhmagic.VALUE)", KERNEL);
    assertThat(output).contains("Successfully installed qhmagic").endsWith("magic\n");
  }

  @Test
  @Order(3)
  void sudoPipInstallsForEveryoneOntoTheSrvVolume() {
    HubClient admin = HubClient.at(hub.url());
    assertThat(admin.login("admin", "admin")).isTrue();
    admin.startServer(Duration.ofMinutes(3));
    var installed =
        hub.execInServer("admin", "admin\n", "sudo", "-S", "pip", "install", "qhsystem");
    assertThat(installed.exitCode()).as(installed.stderr()).isZero();
    assertThat(user("lee").runCode("python3", "import qhsystem; print(qhsystem.VALUE)", KERNEL))
        .isEqualTo("system\n");
    assertThat(
            run(null, "sh", "-c", "ls -d /srv/quickhub/local/lib/python3.*/dist-packages/qhsystem"))
        .isNotBlank();
  }

  @Test
  @Order(4)
  void venvKernelsForOneUserAndForEveryone() {
    Cli science = kernel("add", "science", "--user", "kim", "--packages", "qhvenv");
    assertThat(science.exitCode()).as(science.err()).isZero();
    assertThat(science.out()).contains("kernel 'science' is ready");
    assertThat(
            user("kim")
                .runCode("science", "import qhvenv, sys; print(qhvenv.VALUE, sys.prefix)", KERNEL))
        .isEqualTo("venv /home/kim/.venvs/science\n");

    Cli shared = kernel("add", "shared", "--system", "--packages", "qhshared");
    assertThat(shared.exitCode()).as(shared.err()).isZero();
    assertThat(user("lee").runCode("shared", "import qhshared; print(qhshared.VALUE)", KERNEL))
        .isEqualTo("shared\n");

    Cli list = kernel("list", "--user", "kim");
    assertThat(list.out())
        .containsPattern("science +you +/home/kim/.venvs/science")
        .containsPattern("shared +all +/srv/quickhub/envs/shared");
    assertThat(kernel("list", "--user", "lee").out()).doesNotContain("science");
  }

  @Test
  @Order(5)
  void condaKernelWithAStandInCondaExecutable() {
    run("kim", "sh", "-c", "mkdir -p ~/miniforge3/bin");
    assertThat(
            hub.exec(
                    "kim",
                    CONDA_STAND_IN,
                    "sh",
                    "-c",
                    "cat > ~/miniforge3/bin/conda && chmod 755 ~/miniforge3/bin/conda")
                .exitCode())
        .isZero();
    Cli conda = kernel("add", "ck", "--user", "kim", "--conda", "--packages", "qhconda");
    assertThat(conda.exitCode()).as(conda.err()).isZero();
    assertThat(conda.out()).contains("using /home/kim/miniforge3/bin/conda");
    assertThat(run("kim", "cat", "/home/kim/conda-calls.log"))
        .isEqualTo("create --yes --prefix /home/kim/.conda/envs/ck python ipykernel qhconda\n");
    assertThat(
            user("kim")
                .runCode("ck", "import qhconda, sys; print(qhconda.VALUE, sys.prefix)", KERNEL))
        .isEqualTo("conda /home/kim/.conda/envs/ck\n");

    Cli none = kernel("add", "ck", "--user", "lee", "--conda");
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.err()).contains("no conda, mamba or micromamba was found");
  }

  @Test
  @Order(6)
  void badInputSaysWhatIsWrongAndLeavesNothingHalfMade() {
    Cli spaces = kernel("add", "bad name", "--user", "kim");
    assertThat(spaces.exitCode()).isNotZero();
    assertThat(spaces.err()).contains("'bad name' is not a valid kernel name");
    var slash = hub.exec("kim", null, "quickhub-kernel", "venv", "a/b");
    assertThat(slash.exitCode()).isNotZero();
    assertThat(slash.stderr()).contains("'a/b' is not a valid kernel name");

    Cli again = kernel("add", "science", "--user", "kim");
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.err()).contains("a kernel named 'science' exists already").contains("--force");

    Cli missing = kernel("add", "missing", "--user", "kim", "--packages", "qhnothere");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err())
        .contains("installing qhnothere failed")
        .contains("nothing was registered");
    Cli offline =
        kernel(
            "add",
            "offline",
            "--user",
            "kim",
            "--packages",
            "qhvenv",
            "--index-url",
            "http://127.0.0.1:9/simple/");
    assertThat(offline.exitCode()).as("no index answers").isNotZero();
    assertThat(offline.err()).contains("installing qhvenv failed");
    assertThat(
            hub.exec(
                    "kim",
                    null,
                    "sh",
                    "-c",
                    "ls -d ~/.venvs/missing ~/.venvs/offline ~/.local/share/jupyter/kernels/missing"
                        + " ~/.local/share/jupyter/kernels/offline")
                .stdout())
        .as("nothing half made")
        .isEmpty();

    Cli forced = kernel("add", "science", "--user", "kim", "--force", "--packages", "qhnothere");
    assertThat(forced.exitCode()).isNotZero();
    assertThat(forced.err()).contains("The kernel it was to replace is kept");
    assertThat(user("kim").runCode("science", "import qhvenv; print(qhvenv.VALUE)", KERNEL))
        .isEqualTo("venv\n");

    Cli nobody = kernel("add", "x", "--user", "nobody1");
    assertThat(nobody.err()).contains("There is no user 'nobody1'");
  }

  @Test
  @Order(7)
  void kernelsAndPackagesSurviveDownUpAndARebuildAndDeclaredKernelsAreMade() throws Exception {
    assertThat(Cli.run(hub.args("down")).exitCode()).isZero();
    assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
    assertThat(user("kim").runCode("science", "import qhvenv; print(qhvenv.VALUE)", KERNEL))
        .isEqualTo("venv\n");

    ImageSources changed = Sources.copy(tmp.resolve("src"));
    Files.createDirectories(changed.imageDir().resolve("wheels"));
    Files.write(
        changed.imageDir().resolve("wheels").resolve(Wheels.fileName("qhdeclared")),
        Wheels.wheel("qhdeclared", "declared"));
    Files.writeString(
        changed.imageDir().resolve("kernels/course.yaml"),
        "display_name: Course\npackages: [qhdeclared]\nfind_links: [/opt/quickhub/wheels]\n"
            + "no_index: true\n");
    hub.upFrom(changed);

    HubClient lee = user("lee");
    assertThat(lee.runCode("course", "import qhdeclared; print(qhdeclared.VALUE)", KERNEL))
        .as("declared in image/kernels")
        .isEqualTo("declared\n");
    assertThat(lee.runCode("shared", "import qhshared; print(qhshared.VALUE)", KERNEL))
        .isEqualTo("shared\n");
    assertThat(lee.runCode("python3", "import qhmagic; print(qhmagic.VALUE)", KERNEL))
        .as("%pip installs kept")
        .isEqualTo("magic\n");
    assertThat(lee.runCode("python3", "import qhsystem; print(qhsystem.VALUE)", KERNEL))
        .as("sudo pip installs kept")
        .isEqualTo("system\n");
    HubClient kim = user("kim");
    assertThat(kim.runCode("science", "import qhvenv; print(qhvenv.VALUE)", KERNEL))
        .isEqualTo("venv\n");
    assertThat(kim.runCode("ck", "import qhconda; print(qhconda.VALUE)", KERNEL))
        .isEqualTo("conda\n");
    assertThat(run("kim", "python3", "-c", "import qhuser; print(qhuser.VALUE)"))
        .isEqualTo("user\n");
  }

  @Test
  @Order(8)
  void removeTakesTheKernelAndItsEnvironment() {
    Cli removed = kernel("remove", "ck", "--user", "kim");
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    assertThat(kernel("remove", "shared", "--system").exitCode()).isZero();
    assertThat(kernel("list", "--user", "kim").out())
        .doesNotContain("ck ")
        .doesNotContain("shared");
    assertThat(
            hub.exec(
                    null,
                    null,
                    "sh",
                    "-c",
                    "ls -d /home/kim/.conda/envs/ck /srv/quickhub/envs/shared"
                        + " /usr/local/share/jupyter/kernels/shared")
                .stdout())
        .isEmpty();
    Cli none = kernel("remove", "ck", "--user", "kim");
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.err()).contains("there is no kernel 'ck' of yours");
  }
}
