package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.quickhub.client.HubClient;
import dev.quickhub.report.QuickHubException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a hub with its servers in containers does besides running them, on one hub: an admin's
 * {@code sudo pip install} in their own container reaches user1's next server (which cannot write
 * there); status and ls count the running user containers; after the hub container is killed,
 * {@code up} serves user1's running container on and removes a stray user container the hub does
 * not know; {@code --gpus all} reaches the engine as a device request, and the user is told the
 * engine has no GPU runtime (none here); destroy names all it removed.
 */
class ServersContainerLifecycleE2ETest {

  private static final Duration START = Duration.ofMinutes(3);
  private static final Duration RUN = Duration.ofMinutes(2);

  // A wheel made on the spot (no PyPI here), installed by the admin as root.
  private static final String INSTALL =
      String.join(
          "\n",
          "import base64, hashlib, subprocess, zipfile",
          "name, info = 'qhlocal', 'qhlocal-1.0.dist-info'",
          "files = {name + '/__init__.py': \"VALUE = 'from the admin'\\n\",",
          "         info + '/METADATA': 'Metadata-Version: 2.1\\nName: qhlocal\\nVersion: 1.0\\n',",
          "         info + '/WHEEL': 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\n'",
          "                          'Tag: py3-none-any\\n'}",
          "digest = lambda b: 'sha256=' + base64.urlsafe_b64encode(",
          "    hashlib.sha256(b).digest()).rstrip(b'=').decode()",
          "record = ''.join(f'{p},{digest(t.encode())},{len(t.encode())}\\n' for p, t in files.items())",
          "wheel = '/tmp/qhlocal-1.0-py3-none-any.whl'",
          "with zipfile.ZipFile(wheel, 'w') as z:",
          "    for p, t in files.items():",
          "        z.writestr(p, t)",
          "    z.writestr(info + '/RECORD', record + info + '/RECORD,,\\n')",
          "r = subprocess.run(['sudo', '-S', '-p', '', 'pip', 'install', '--no-index', wheel],",
          "                   input='admin\\n', capture_output=True, text=True)",
          "print('exit', r.returncode, r.stderr[-300:])");

  @Test
  void adminsInstallForEveryoneAndTheHubSurvivesACrash() throws Exception {
    try (TestHub hub = new TestHub()) {
      Cli up = Cli.run(hub.args("up", "--servers", "container", "--user-memory", "512m"));
      assertThat(up.exitCode()).as(up.err()).isZero();
      DockerClient docker = hub.docker();
      String user1Container = hub.name + "-user-user1";

      HubClient admin = HubClient.at(hub.url());
      assertThat(admin.login("admin", "admin")).isTrue();
      admin.startServer(START);
      HubClient user1 = HubClient.at(hub.url());
      assertThat(user1.login("user1", "user1")).isTrue();
      user1.startServer(START);

      // status and ls count both running user containers.
      assertThat(Cli.run("status", "--name", hub.name).out())
          .containsPattern("servers: +container \\(2 running\\)");
      assertThat(Cli.run("ls").out()).containsPattern(hub.name + " .*container \\(2 running\\)");

      // The admin installs as root in their own container; user1's next server imports it.
      assertThat(admin.runCode("python3", INSTALL, RUN)).startsWith("exit 0");
      user1.stopServer(START);
      user1.startServer(START);
      assertThat(
              user1
                  .runCode("python3", "import qhlocal; print(qhlocal.VALUE, qhlocal.__file__)", RUN)
                  .strip())
          .startsWith("from the admin /usr/local/lib/python3");
      String write =
          "try:\n    open('/usr/local/lib/qhlocal-user1', 'w')\n    print('wrote')\n"
              + "except OSError as e:\n    print('refused', e.errno)";
      assertThat(user1.runCode("python3", write, RUN).strip()).startsWith("refused");

      // The hub crashes with user1's server running; a stray container it never knew waits too.
      String user1Id = docker.inspectContainerCmd(user1Container).exec().getId();
      String stray = hub.name + "-user-ghost";
      hub.ownsContainer(stray);
      docker
          .createContainerCmd(hub.image)
          .withName(stray)
          .withLabels(Map.of("quickhub.hub", hub.name, "quickhub.user", "ghost"))
          .withEntrypoint("sleep")
          .withCmd("600")
          .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
          .exec();
      docker.startContainerCmd(stray).exec();
      Thread.sleep(2000); // the stray is older than the hub's next start, to the second
      docker.killContainerCmd(hub.name).exec();
      Cli again = Cli.run(hub.args("up"));
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(user1.runCode("python3", "print(6 * 7)", RUN).strip()).isEqualTo("42");
      assertThat(docker.inspectContainerCmd(user1Container).exec().getId()).isEqualTo(user1Id);
      assertThat(removedWithin(docker, stray, Duration.ofMinutes(3))).as(stray).isTrue();

      // GPUs: the engine gets the device request; with no GPU runtime here the user is told so.
      Cli gpus = Cli.run(hub.args("up", "--gpus", "all"));
      assertThat(gpus.exitCode()).as(gpus.err()).isZero();
      String refusal;
      try {
        user1.startServer(START);
        refusal = "started";
      } catch (QuickHubException e) {
        refusal = e.getMessage();
      }
      assertThat(refusal).contains("HTTP 500");
      // What the user's browser shows for the failed start.
      assertThat(user1.get("hub/spawn-pending/user1").body())
          .as(() -> hubLog(docker, hub.name))
          .contains("no GPU runtime");
      List<DeviceRequest> requests =
          docker.inspectContainerCmd(user1Container).exec().getHostConfig().getDeviceRequests();
      assertThat(requests).hasSize(1);
      assertThat(requests.get(0).getDriver()).isEmpty();
      assertThat(requests.get(0).getCount()).isEqualTo(-1);
      assertThat(requests.get(0).getDeviceIds()).isNullOrEmpty();
      assertThat(requests.get(0).getCapabilities()).isEqualTo(List.of(List.of("gpu")));
      assertThat(Cli.run("status", "--name", hub.name).out()).contains("gpus all");

      Cli destroy = Cli.run("destroy", "--name", hub.name, "--yes");
      assertThat(destroy.exitCode()).as(destroy.err()).isZero();
      assertThat(destroy.out())
          .contains(
              "container " + hub.name + ",",
              "gate " + hub.name + "-gate",
              "container " + user1Container,
              "network " + hub.name + "-net",
              "volume " + hub.name + "_gate");
    }
  }

  /** The end of the hub's log, to say why a start failed. */
  private static String hubLog(DockerClient docker, String container) {
    StringBuilder log = new StringBuilder();
    try {
      docker
          .logContainerCmd(container)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(60)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
              })
          .awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return log.toString();
  }

  private static boolean removedWithin(DockerClient docker, String container, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        docker.inspectContainerCmd(container).exec();
      } catch (NotFoundException e) {
        return true;
      }
      Thread.sleep(1000);
    }
    return false;
  }
}
