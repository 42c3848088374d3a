package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.QuickHub;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Labels;
import dev.quickhub.runtime.Servers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gate of a hub with {@code --servers container}: from inside the hub container, as root, every
 * attack of issue 21 is refused with 403 and makes nothing; the one user container the spawner
 * makes is allowed; users in the hub cannot open the socket at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GateE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tiny engine client in the hub: prints the status, a space, the body. */
  private static final String CLIENT =
      "import http.client, socket, sys\n"
          + "class C(http.client.HTTPConnection):\n"
          + "    def connect(self):\n"
          + "        self.sock = socket.socket(socket.AF_UNIX)\n"
          + "        self.sock.connect('/run/quickhub/gate.sock')\n"
          + "c = C('localhost')\n"
          + "body = sys.stdin.read().encode() or None\n"
          + "c.request(sys.argv[1], sys.argv[2], body=body,"
          + " headers={'Content-Type': 'application/json'})\n"
          + "r = c.getresponse()\n"
          + "print(r.status, r.read().decode())\n";

  private TestHub hub;
  private QuickHub quickHub;
  private String imageId;
  private String foreign;

  @BeforeAll
  void hubWithUserContainers() {
    hub = new TestHub();
    quickHub =
        QuickHub.builder()
            .name(hub.name)
            .imageTag(hub.image)
            .port(hub.port)
            .spec(spec -> spec.servers(Servers.CONTAINER))
            .build();
    quickHub.up();
    imageId = hub.docker().inspectContainerCmd(hub.name).exec().getImageId();
    // A container of no hub, and one that claims another hub: neither may be touched.
    foreign = hub.name + "-foreign";
    hub.ownsContainer(foreign);
    hub.docker().createContainerCmd(imageId).withName(foreign).withCmd("true").exec();
    hub.ownsContainer(hub.name + "-other");
    hub.docker()
        .createContainerCmd(imageId)
        .withName(hub.name + "-other")
        .withLabels(Map.of(Labels.HUB, hub.name + "x", "quickhub.user", "user1"))
        .withCmd("true")
        .exec();
  }

  @AfterAll
  void removeTheHub() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  private String call(String user, String method, String path, String body) {
    ContainerExec.Result result =
        hub.exec(user, body == null ? "" : body, "python3", "-I", "-c", CLIENT, method, path);
    return result.exitCode() == 0 ? result.stdout().strip() : "failed: " + result.stderr();
  }

  private String call(String method, String path, String body) {
    return call(null, method, path, body);
  }

  /** The user container the spawner makes for user1 (uid and gid from the hub's accounts). */
  private ObjectNode userContainer() throws Exception {
    String ids = hub.exec(null, null, "sh", "-c", "echo $(id -u user1):$(id -g user1)").stdout();
    String groups =
        hub.exec(null, null, "sh", "-c", "id -G user1 | cut -d' ' -f2- -s").stdout().strip();
    String gids = groups.isEmpty() ? "" : "\"" + String.join("\",\"", groups.split(" ")) + "\"";
    return (ObjectNode)
        JSON.readTree(
            ("{'Image': '%s', 'User': '%s', 'Entrypoint': [''],"
                    + " 'Cmd': ['/opt/quickhub/bin/quickhub-singleuser'],"
                    + " 'WorkingDir': '/home/user1/notebook', 'Hostname': 'user1',"
                    + " 'Labels': {'quickhub.hub': '%s', 'quickhub.user': 'user1'},"
                    + " 'HostConfig': {'GroupAdd': [%s], 'Mounts': ["
                    + "{'Type': 'volume', 'Source': '%s_home', 'Target': '/home'},"
                    + "{'Type': 'volume', 'Source': '%s_etc', 'Target': '/etc', 'ReadOnly': true},"
                    + "{'Type': 'volume', 'Source': '%s_srv', 'Target': '/srv/quickhub',"
                    + " 'ReadOnly': true}],"
                    + " 'NetworkMode': '%s-net', 'SecurityOpt': ['no-new-privileges'],"
                    + " 'PidsLimit': 512, 'RestartPolicy': {'Name': 'no'}}}")
                .replace('\'', '"')
                .formatted(
                    imageId, ids.strip(), hub.name, gids, hub.name, hub.name, hub.name, hub.name));
  }

  private ObjectNode hostConfig(ObjectNode container) {
    return (ObjectNode) container.get("HostConfig");
  }

  private void refused(String method, String path, String body) {
    assertThat(call(method, path, body)).as(method + " " + path).startsWith("403 ");
  }

  private String create(ObjectNode body) {
    return call(
        "POST", "/v1.41/containers/create?name=" + hub.name + "-user-user1", body.toString());
  }

  private List<String> containersOfThisHub() {
    return hub
        .docker()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.HUB, hub.name))
        .exec()
        .stream()
        .map(c -> c.getNames()[0])
        .sorted()
        .toList();
  }

  @Test
  void attacksFromTheHubAreRefusedAndMakeNothing() throws Exception {
    List<String> before = containersOfThisHub();
    assertThat(before).containsExactly("/" + hub.name, "/" + hub.name + "-gate");

    ObjectNode privileged = userContainer();
    hostConfig(privileged).put("Privileged", true);
    assertThat(create(privileged)).startsWith("403 ");

    ObjectNode bindsRoot = userContainer();
    hostConfig(bindsRoot).putArray("Binds").add("/:/host");
    assertThat(create(bindsRoot)).startsWith("403 ");
    ObjectNode mountsRoot = userContainer();
    ((ObjectNode) hostConfig(mountsRoot).withArray("Mounts").addObject())
        .put("Type", "bind")
        .put("Source", "/")
        .put("Target", "/host");
    assertThat(create(mountsRoot)).startsWith("403 ");

    ObjectNode otherImage = userContainer();
    otherImage.put("Image", "debian:trixie");
    assertThat(create(otherImage)).startsWith("403 ");

    ObjectNode asRoot = userContainer();
    asRoot.put("User", "0:0");
    assertThat(create(asRoot)).startsWith("403 ");

    ObjectNode hostPid = userContainer();
    hostConfig(hostPid).put("PidMode", "host");
    assertThat(create(hostPid)).startsWith("403 ");

    // The engine reads keys case-insensitively and null empties a field: no mounts, no limits.
    ObjectNode hostConfigNull = userContainer();
    hostConfigNull.putNull("hostconfig");
    assertThat(create(hostConfigNull)).startsWith("403 ");
    ObjectNode limitsNull = userContainer();
    hostConfig(limitsNull).putNull("securityopt").putNull("pidslimit");
    assertThat(create(limitsNull)).startsWith("403 ");

    refused("POST", "/v1.41/containers/" + hub.name + "/exec", "{\"Cmd\": [\"id\"]}");
    refused("POST", "/v1.41/containers/" + hub.name + "-gate/exec", "{\"Cmd\": [\"id\"]}");
    refused("POST", "/v1.41/containers/" + hub.name + "/stop", null);
    refused("POST", "/v1.41/containers/" + hub.name + "-gate/kill", null);
    refused("DELETE", "/v1.41/containers/" + hub.name + "-other?force=1", null);
    refused("POST", "/v1.41/containers/" + foreign + "/start", null);
    refused("GET", "/v1.41/containers/" + foreign + "/json", null);
    refused("POST", "/v1.41/images/create?fromImage=alpine&tag=latest", null);
    refused("POST", "/v1.41/volumes/create", "{\"Name\": \"" + hub.name + "_evil\"}");
    refused("POST", "/v1.41/networks/create", "{\"Name\": \"" + hub.name + "_evil\"}");
    refused("POST", "/v1.41/../containers/create?name=" + hub.name + "-user-user1", "{}");
    refused("POST", "/containers/%2e%2e/images/create?fromImage=alpine", null);

    assertThat(containersOfThisHub()).isEqualTo(before);
    assertThat(hub.docker().inspectContainerCmd(foreign).exec().getState().getRunning()).isFalse();
    try {
      hub.docker().inspectVolumeCmd(hub.name + "_evil").exec();
      throw new AssertionError("a volume was made through the gate");
    } catch (NotFoundException e) {
      // Refused, as it should be.
    }
    String log = String.join("\n", logsOf(hub.name + "-gate"));
    assertThat(log).contains("quickhub-gate: refused POST").contains("Privileged");
  }

  @Test
  void theListShowsOnlyThisHub() {
    String list = call("GET", "/v1.41/containers/json?all=1", null);
    assertThat(list).startsWith("200 ").contains(hub.name + "-gate").doesNotContain(foreign);
    assertThat(list).doesNotContain("\"/" + hub.name + "-other\"");
  }

  @Test
  void theUserContainerIsAllowedThenRemoved() throws Exception {
    String name = hub.name + "-user-user1";
    hub.ownsContainer(name);
    String created = create(userContainer());
    assertThat(created).startsWith("201 ");
    var inspected = hub.docker().inspectContainerCmd(name).exec();
    assertThat(inspected.getConfig().getUser()).isNotEqualTo("0:0");
    assertThat(inspected.getHostConfig().getPrivileged()).isFalse();
    assertThat(call("GET", "/v1.41/containers/" + name + "/json", null)).startsWith("200 ");
    assertThat(call("DELETE", "/v1.41/containers/" + name + "?force=1", null)).startsWith("204");
    assertThatGone(name);
  }

  @Test
  void usersInTheHubCannotOpenTheSocket() {
    assertThat(call("user1", "GET", "/_ping", null))
        .startsWith("failed: ")
        .contains("PermissionError");
    assertThat(call("GET", "/_ping", null)).isEqualTo("200 OK");
  }

  private void assertThatGone(String name) {
    try {
      hub.docker().inspectContainerCmd(name).exec();
      throw new AssertionError(name + " is still there");
    } catch (NotFoundException e) {
      // Removed.
    }
  }

  private List<String> logsOf(String container) throws InterruptedException {
    var lines = new java.util.ArrayList<String>();
    hub.docker()
        .logContainerCmd(container)
        .withStdErr(true)
        .withStdOut(true)
        .exec(
            new com.github.dockerjava.api.async.ResultCallback.Adapter<
                com.github.dockerjava.api.model.Frame>() {
              @Override
              public void onNext(com.github.dockerjava.api.model.Frame frame) {
                lines.add(new String(frame.getPayload()));
              }
            })
        .awaitCompletion();
    return lines;
  }
}
