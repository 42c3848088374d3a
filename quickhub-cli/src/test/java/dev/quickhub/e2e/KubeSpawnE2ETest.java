package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import dev.quickhub.client.HubClient;
import dev.quickhub.engine.Labels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The move to Zero to JupyterHub as far as it runs without a cluster: a real hub (alice with a real
 * password and a file in her home) is pushed to a registry on loopback, pulled back by the engine
 * and exported; then a "cluster hub" runs that pulled image as the chart's hub does: JupyterHub
 * with the chart 4.4.0's own hub configuration over the exported config.yaml (merged over the
 * chart's defaults), the exported authenticator with the Secret's hashes mounted, and a stand-in
 * for KubeSpawner (test resources in kube/) that starts alice's server through the engine as
 * KubeSpawner would start her pod from those settings: the exported command and environment with
 * the hub's JUPYTERHUB_* and the token in JUPYTERHUB_API_TOKEN, her uid and gid, her claim (loaded
 * from the home archive as the Job loads it) at /home/alice. Alice logs in over HTTP with her
 * password, gets JupyterLab from that server and runs code that reads her file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubeSpawnE2ETest {

  private static final String DEFAULT_TAG = "quick-jupyterhub:latest";

  private static final String PASSWORD = "c0rrect horse kube";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String[] RESOURCES = {"cluster_config.py", "z2jh.py", "kubespawner.py"};

  private Path reference;
  private Path work;
  private TestHub hub;
  private LoopbackRegistry registry;
  private TestCertificates.Made ca;
  private String tagged;
  private String pushed;
  private Path export;
  private int aliceUid;
  private int clusterPort;

  @BeforeAll
  void hubWithAlicePushedAndPulled() throws Exception {
    String folder = System.getenv("QUICKHUB_Z2JH_REFERENCE");
    folder = folder != null ? folder : System.getProperty("quickhub.z2jh.reference");
    assumeTrue(
        folder != null && Files.isRegularFile(Path.of(folder, "hub-jupyterhub_config.py")),
        "The chart 4.4.0 reference (hub-jupyterhub_config.py, values.yaml) is not there: set"
            + " QUICKHUB_Z2JH_REFERENCE to its folder, or put it at ../shared/reference/z2jh beside"
            + " the checkout; this test needs the chart's hub configuration and is skipped.");
    reference = Path.of(folder);
    work = Files.createTempDirectory("quickhub-kube-");
    hub = new TestHub();
    Cli up = Cli.run(hub.args("up"));
    assertThat(up.exitCode()).as(up.err()).isZero();
    Cli add =
        Cli.runWithStdin(
            PASSWORD + "\n", "users", "add", "--name", hub.name, "alice", "--password-stdin");
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(
            hub.exec("alice", null, "sh", "-c", "echo hello from quickhub > ~/notebook/hello.txt")
                .exitCode())
        .isZero();
    aliceUid = Integer.parseInt(hub.exec(null, null, "id", "-u", "alice").stdout().strip());

    ca = TestCertificates.ca(work, "quickhub-test-ca");
    registry =
        new LoopbackRegistry(
            Files.createDirectory(work.resolve("registry")),
            TestCertificates.issuedBy(ca, work, "registry"),
            Files.readString(ca.cert()));
    tagged = registry.host() + "/" + hub.name + "/hub:" + hub.name.substring(7);
    hub.ownsImage(tagged);
    Cli push =
        Cli.runWithStdin(
            registry.password + "\n",
            "push",
            tagged,
            "--name",
            hub.name,
            "--registry-user",
            registry.user,
            "--password-stdin",
            "--registry-ca",
            ca.cert().toString());
    assertThat(push.exitCode()).as(push.err()).isZero();
    pushed = push.out().strip();
    hub.docker()
        .pullImageCmd(tagged.substring(0, tagged.lastIndexOf(':')))
        .withTag(tagged.substring(tagged.lastIndexOf(':') + 1))
        .withAuthConfig(
            new AuthConfig()
                .withRegistryAddress(registry.host())
                .withUsername(registry.user)
                .withPassword(registry.password))
        .exec(new PullImageResultCallback())
        .awaitCompletion(5, TimeUnit.MINUTES);

    // Export reads a hub that is down. Its helper container comes from the default image tag,
    // built when the engine lacks it: then this test made that tag and removes it.
    Cli down = Cli.run(hub.args("down"));
    assertThat(down.exitCode()).as(down.err()).isZero();
    if (hub.docker().listImagesCmd().withImageNameFilter(DEFAULT_TAG).exec().isEmpty()) {
      hub.ownsImage(DEFAULT_TAG);
    }
    export = work.resolve("export");
    // No --image: the export takes the reference the push printed.
    Cli exported = Cli.run("export", "z2jh", "--name", hub.name, "-o", export.toString());
    assertThat(exported.exitCode()).as(exported.err()).isZero();
  }

  @AfterAll
  void removeEverything() throws Exception {
    try {
      if (hub != null) {
        hub.close(); // the cluster hub, alice's server, the claims and the network carry its label
      }
    } finally {
      if (registry != null) {
        registry.close();
      }
      if (work != null) {
        Sources.deleteTree(work);
      }
    }
  }

  @Test
  @Order(1)
  void theExportNamesThePulledImageByItsDigest() throws Exception {
    JsonNode values = YAML.readTree(export.resolve("config.yaml").toFile());
    String image =
        values.at("/singleuser/image/name").asText()
            + ":"
            + values.at("/singleuser/image/tag").asText();
    assertThat(image).isEqualTo(pushed).startsWith(tagged + "@sha256:");
  }

  @Test
  @Order(2)
  void aliceLogsInToTheClusterHubAndHerServerRunsHerCode() throws Exception {
    String namespace = hub.name;
    String claim =
        YAML.readTree(export.resolve("jobs/load-claim-alice.yaml").toFile())
            .at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName")
            .asText();
    assertThat(claim).isEqualTo("claim-alice");
    loadClaim(
        namespace + "-" + claim, Files.readAllBytes(export.resolve("data/home-alice.tar.gz")));

    DockerClient docker = hub.docker();
    String network = namespace + "-pods";
    docker.createNetworkCmd().withName(network).withLabels(Map.of(Labels.HUB, hub.name)).exec();
    clusterPort = TestHub.freePort();
    String passwords =
        YAML.readTree(export.resolve("secret-passwords.yaml").toFile())
            .at("/stringData/passwords")
            .asText();
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String resource : RESOURCES) {
      String target =
          resource.equals("cluster_config.py") ? "kube/" + resource : "kube/chart/" + resource;
      files.put(target, resource(resource));
    }
    files.put(
        "kube/chart/jupyterhub_config.py",
        Files.readAllBytes(reference.resolve("hub-jupyterhub_config.py")));
    files.put("kube/chart/values.yaml", Files.readAllBytes(reference.resolve("values.yaml")));
    files.put("kube/config.yaml", Files.readAllBytes(export.resolve("config.yaml")));
    files.put("etc/quickhub-passwords/passwords", passwords.getBytes(StandardCharsets.UTF_8));

    ExposedPort proxy = ExposedPort.tcp(8000);
    Ports ports = new Ports();
    ports.bind(proxy, Ports.Binding.bindIpAndPort("127.0.0.1", clusterPort));
    String id =
        docker
            .createContainerCmd(tagged)
            .withName(namespace + "-hub")
            .withLabels(Map.of(Labels.HUB, hub.name))
            .withEntrypoint("jupyterhub", "-f", "/kube/cluster_config.py")
            .withWorkingDir("/srv/jupyterhub")
            .withEnv(
                "POD_NAMESPACE=" + namespace,
                "KUBE_NETWORK=" + network,
                // What Kubernetes sets for the chart's Services.
                "HUB_SERVICE_PORT=8081",
                "PROXY_API_SERVICE_PORT=8001",
                "CONFIGPROXY_AUTH_TOKEN=" + UUID.randomUUID())
            .withExposedPorts(proxy)
            // Pods reach the hub by its Service's name, as the chart's hub_connect_url says.
            .withAliases("hub")
            // Root here, not the chart's uid 1000: the engine's socket is root's.
            // Test only: the engine's socket stands in for the cluster's API, which KubeSpawner
            // reaches with the hub's service account. quickhub's own hub never holds it.
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withPortBindings(ports)
                    .withNetworkMode(network)
                    .withBinds(Bind.parse("/var/run/docker.sock:/var/run/docker.sock")))
            .exec()
            .getId();
    hub.ownsContainer(id);
    copyInto(id, files);
    docker.startContainerCmd(id).exec();

    HubClient alice = HubClient.at(URI.create("http://localhost:" + clusterPort + "/"));
    Instant deadline = Instant.now().plusSeconds(180);
    while (!answers(clusterPort)) {
      assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning())
          .as("the cluster hub runs: " + logs(id))
          .isTrue();
      assertThat(Instant.now()).as("the cluster hub answers: " + logs(id)).isBefore(deadline);
      Thread.sleep(1000);
    }
    assertThat(
            HubClient.at(URI.create("http://localhost:" + clusterPort + "/"))
                .login("alice", "wrong password"))
        .isFalse();
    assertThat(alice.login("alice", PASSWORD)).as(logs(id)).isTrue();
    long start = System.nanoTime();
    try {
      alice.startServer(Duration.ofMinutes(4));
      System.out.printf(
          "alice's pod-like server ready in %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (RuntimeException e) {
      throw new AssertionError(
          "alice's server: " + logs(id) + "\n---\n" + logs(namespace + "-jupyter-alice"), e);
    }
    var lab = alice.get("user/alice/lab");
    assertThat(lab.statusCode()).isEqualTo(200);
    assertThat(lab.body()).contains("JupyterLab");

    String seen =
        alice.runCode(
            "python3",
            "import os\nprint(open(os.path.expanduser('~/notebook/hello.txt')).read().strip())\n"
                + "print(os.getuid(), os.getcwd(), os.environ['HOME'])",
            Duration.ofMinutes(2));
    assertThat(seen)
        .contains("hello from quickhub")
        .contains(aliceUid + " /home/alice/notebook /home/alice");

    var server = docker.inspectContainerCmd(namespace + "-jupyter-alice").exec();
    assertThat(server.getConfig().getUser()).startsWith(aliceUid + ":");
    assertThat(server.getConfig().getEnv())
        .anyMatch(e -> e.startsWith("JUPYTERHUB_API_TOKEN="))
        .contains("JUPYTERHUB_API_URL=http://hub:8081/hub/api");
    assertThat(server.getMounts())
        .anyMatch(
            m ->
                m.getName().equals(namespace + "-claim-alice")
                    && m.getDestination().getPath().equals("/home/alice"));
  }

  private static boolean answers(int port) {
    try {
      var response =
          java.net.http.HttpClient.newBuilder()
              // The proxy leaves HTTP/2 upgrade requests unanswered.
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .build()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          URI.create("http://localhost:" + port + "/hub/api"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** As the Job does: the archive unpacked as root into the claim, owners kept. */
  private void loadClaim(String volume, byte[] archive) throws Exception {
    DockerClient docker = hub.docker();
    docker.createVolumeCmd().withName(volume).withLabels(Map.of(Labels.HUB, hub.name)).exec();
    String id =
        docker
            .createContainerCmd(tagged)
            .withLabels(Map.of(Labels.HUB, hub.name))
            .withEntrypoint("/bin/sh", "-c", "tar -xzpf /load/home.tar.gz --numeric-owner -C /t")
            .withUser("0:0")
            .withHostConfig(HostConfig.newHostConfig().withBinds(Bind.parse(volume + ":/t")))
            .exec()
            .getId();
    hub.ownsContainer(id);
    copyInto(id, Map.of("load/home.tar.gz", archive));
    docker.startContainerCmd(id).exec();
    int code = docker.waitContainerCmd(id).start().awaitStatusCode(5, TimeUnit.MINUTES);
    assertThat(code).as(logs(id)).isZero();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = KubeSpawnE2ETest.class.getResourceAsStream("kube/" + name)) {
      assertThat(in).as("test resource kube/" + name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** Puts {@code files} (paths below /) into a created container, root's, readable by all. */
  private void copyInto(String id, Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry srv = new TarArchiveEntry("srv/jupyterhub/");
      srv.setMode(040755);
      out.putArchiveEntry(srv);
      out.closeArchiveEntry();
      for (var file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        entry.setMode(0100644);
        out.putArchiveEntry(entry);
        out.write(file.getValue());
        out.closeArchiveEntry();
      }
    }
    hub.docker()
        .copyArchiveToContainerCmd(id)
        .withRemotePath("/")
        .withTarInputStream(new ByteArrayInputStream(tar.toByteArray()))
        .exec();
  }

  private String logs(String id) {
    StringBuilder text = new StringBuilder();
    try {
      hub.docker()
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(200)
          .exec(
              new com.github.dockerjava.api.async.ResultCallback.Adapter<
                  com.github.dockerjava.api.model.Frame>() {
                @Override
                public void onNext(com.github.dockerjava.api.model.Frame frame) {
                  text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
              })
          .awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      return "(no logs: " + e.getMessage() + ")";
    }
    // Without the proxy's colours: escape characters in a failure's message upset the test runner.
    return text.toString().replaceAll("\u001B\\[[0-9;]*m", "");
  }
}
