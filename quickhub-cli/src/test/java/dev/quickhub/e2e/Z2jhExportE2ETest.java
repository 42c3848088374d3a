package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import dev.quickhub.QuickHub;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Labels;
import dev.quickhub.z2jh.Z2jhExport;
import dev.quickhub.z2jh.Z2jhHub;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code export z2jh} of a real hub (an account with a real password, a file in its home, a file in
 * the shared folder), then what can run here without a cluster, on this hub's local image (the
 * registry part is push's test): the exported authenticator in the image accepts the exported hash
 * of the real password and refuses a wrong one; the home archive loaded into a fresh volume as the
 * Job loads it into a claim; and the image started as KubeSpawner starts it from the exported
 * config (entrypoint, command, environment, uid and gid, that volume at /home/NAME) runs
 * jupyterhub-singleuser as the user, which answers on its port. A user logging in to that server
 * through a hub that runs the chart's own configuration: KubeSpawnE2ETest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Z2jhExportE2ETest {

  private static final String PASSWORD = "Tr0ub4dor&3 z2jh";
  private static final String REF = "registry.example.org/course/quick-jupyterhub:week1";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Path tmp;
  private TestHub hub;
  private Path dir;
  private int aliceUid;
  private int aliceGid;

  @BeforeAll
  void hubWithAnAccountAndAShare() throws Exception {
    tmp = Files.createTempDirectory("z2jh-export");
    hub = new TestHub();
    Cli up = Cli.run(hub.args("up", "--user-memory", "1g", "--cull-idle", "30"));
    assertThat(up.exitCode()).as(up.err()).isZero();
    Cli add =
        Cli.runWithStdin(
            PASSWORD + "\n", "users", "add", "--name", hub.name, "alice", "--password-stdin");
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(hub.exec("alice", null, "sh", "-c", "echo hello > ~/notebook/hello.txt").exitCode())
        .isZero();
    assertThat(hub.exec(null, null, "sh", "-c", "echo notes > /srv/shared/readme.txt").exitCode())
        .isZero();
    String[] ids = hub.exec(null, null, "id", "-u", "alice").stdout().strip().split("\n");
    aliceUid = Integer.parseInt(ids[0]);
    aliceGid = Integer.parseInt(hub.exec(null, null, "id", "-g", "alice").stdout().strip());
    dir = tmp.resolve("export");
  }

  @AfterAll
  void removeEverything() throws Exception {
    if (hub != null) {
      hub.close();
    }
    if (tmp != null) {
      try (var files = Files.walk(tmp)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  @Test
  @Order(1)
  void exportWritesConfigSecretArchivesAndJobs() throws Exception {
    Cli missing = Cli.run("export", "z2jh", "--name", hub.name, "-o", dir.toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("was never pushed: give --image REF");

    Cli running =
        Cli.run("export", "z2jh", "--name", hub.name, "-o", dir.toString(), "--image", REF);
    assertThat(running.exitCode()).isNotZero();
    assertThat(running.err())
        .contains(
            "Hub "
                + hub.name
                + " is running; run 'quickhub down --name "
                + hub.name
                + "' first: its users could change their homes while the export reads them.");
    assertThat(dir).doesNotExist();
    // What this test needs of the running hub, read before it goes down.
    String shadow = hub.exec(null, null, "getent", "shadow", "alice").stdout().split(":")[1];
    Cli down = Cli.run(hub.args("down"));
    assertThat(down.exitCode()).as(down.err()).isZero();
    // Through the library, with this test's image tag: the CLI would build the default tag.
    Z2jhExport.Result result =
        QuickHub.builder()
            .name(hub.name)
            .imageTag(hub.image)
            .spec(spec -> spec.userMemory(1L << 30).cullIdle(Duration.ofMinutes(30)))
            .build()
            .exportZ2jh(dir, REF);
    assertThat(result.hub().users()).extracting(Z2jhHub.User::name).contains("alice");
    assertThatThrownBy(
            () ->
                QuickHub.builder().name(hub.name).imageTag(hub.image).build().exportZ2jh(dir, REF))
        .hasMessageContaining("is not empty");
    Cli up = Cli.run(hub.args("up"));
    assertThat(up.exitCode()).as(up.err()).isZero();

    assertThat(shadow).startsWith("$y$");
    String config = Files.readString(dir.resolve("config.yaml"));
    assertThat(config).doesNotContain(shadow).startsWith("# Zero to JupyterHub chart 4.4.0");
    assertThat(Files.readString(dir.resolve("secret-passwords.yaml"))).contains("alice:" + shadow);
    JsonNode values = YAML.readTree(config);
    assertThat(values.at("/singleuser/image/name").asText())
        .isEqualTo("registry.example.org/course/quick-jupyterhub");
    assertThat(values.at("/singleuser/memory/limit").asText()).isEqualTo("1024M");
    assertThat(values.at("/cull/timeout").asInt()).isEqualTo(1800);
    assertThat(values.at("/hub/config/Authenticator/admin_users").toString()).contains("admin");
    assertThat(values.at("/hub/config/Authenticator/allowed_users").toString())
        .contains("alice", "user1");

    Map<String, TarArchiveEntry> home = entries(dir.resolve("data/home-alice.tar.gz"));
    assertThat(home.get("./notebook/hello.txt").getLongUserId()).isEqualTo(aliceUid);
    assertThat(entries(dir.resolve("data/share-shared.tar.gz"))).containsKey("./readme.txt");
    assertThat(dir.resolve("jobs/load-claim-alice.yaml")).exists();
  }

  @Test
  @Order(2)
  void exportedAuthenticatorInTheImageAcceptsTheRealPasswordOnly() throws Exception {
    String check =
        """
        import asyncio, sys
        sys.path.insert(0, "/opt/quickhub/k8s")
        import quickhub_z2jh_auth as auth
        a = auth.QuickHubPasswords()
        a.passwords_file = "/check/passwords"
        for name, password in [("alice", sys.stdin.readline().rstrip("\\n")), ("alice", "wrong"),
                               ("nobody", "x")]:
            print(name, "accepted" if asyncio.run(a.authenticate(None, {"username": name,
                  "password": password})) else "refused")
        """;
    String passwords =
        YAML.readTree(dir.resolve("secret-passwords.yaml").toFile())
            .at("/stringData/passwords")
            .asText();
    String output =
        run(
            "/bin/sh",
            List.of("-c", "python3 /check/check.py < /check/password"),
            "0:0",
            List.of(),
            texts(
                Map.of(
                    "/check/check.py", check,
                    "/check/passwords", passwords,
                    "/check/password", PASSWORD + "\n")));
    assertThat(output).contains("alice accepted", "alice refused", "nobody refused");
  }

  @Test
  @Order(3)
  void imageStartedAsKubeSpawnerStartsItServesTheUser() throws Exception {
    DockerClient docker = hub.docker();
    String claim = hub.name + "-claim-alice";
    docker.createVolumeCmd().withName(claim).withLabels(Map.of(Labels.HUB, hub.name)).exec();
    // As the Job does: the archive unpacked as root into the claim, owners kept.
    byte[] archive = Files.readAllBytes(dir.resolve("data/home-alice.tar.gz"));
    run(
        "/bin/sh",
        List.of("-c", "tar -xzpf /load/home.tar.gz --numeric-owner -C /target"),
        "0:0",
        List.of(Bind.parse(claim + ":/target")),
        Map.of("/load/home.tar.gz", archive));

    JsonNode values = YAML.readTree(dir.resolve("config.yaml").toFile());
    Map<String, String> env = new TreeMap<>();
    values
        .at("/singleuser/extraEnv")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), expand(e.getValue().asText(), "alice")));
    String token = UUID.randomUUID().toString().replace("-", "");
    // What JupyterHub's spawner adds, the token among it (KubeSpawner passes it so).
    env.putAll(
        Map.of(
            "JUPYTERHUB_API_TOKEN", token,
            "JUPYTERHUB_USER", "alice",
            "JUPYTERHUB_CLIENT_ID", "jupyterhub-user-alice",
            // jupyterhub-singleuser asks the hub's API for its version before it serves: this
            // test's real hub, whose network namespace the server joins (see below).
            "JUPYTERHUB_API_URL", "http://127.0.0.1:8081/hub/api",
            "JUPYTERHUB_BASE_URL", "/",
            "JUPYTERHUB_SERVICE_PREFIX", "/user/alice/",
            "JUPYTERHUB_SERVICE_URL", "http://0.0.0.0:8888/user/alice/",
            "JUPYTERHUB_OAUTH_CALLBACK_URL", "/user/alice/oauth_callback",
            "JUPYTERHUB_ROOT_DIR", values.at("/hub/config/KubeSpawner/notebook_dir").asText(),
            "JUPYTERHUB_DEFAULT_URL", values.at("/singleuser/defaultUrl").asText()));
    List<String> command = new ArrayList<>();
    values
        .at("/hub/config/KubeSpawner/extra_container_config/command")
        .forEach(c -> command.add(c.asText()));
    List<String> args = new ArrayList<>();
    values.at("/singleuser/cmd").forEach(c -> args.add(c.asText()));
    String mount = expand(values.at("/singleuser/storage/homeMountPath").asText(), "alice");
    assertThat(mount).isEqualTo("/home/alice");

    String id =
        docker
            .createContainerCmd(hub.image)
            .withName(hub.name + "-kube-alice")
            .withLabels(Map.of(Labels.HUB, hub.name))
            .withEntrypoint(command)
            .withCmd(args)
            .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
            .withUser(aliceUid + ":" + aliceGid)
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withBinds(Bind.parse(claim + ":" + mount))
                    .withNetworkMode("container:" + hub.name))
            .exec()
            .getId();
    hub.ownsContainer(id);
    docker.startContainerCmd(id).exec();
    String probe =
        "import urllib.request; print(urllib.request.urlopen("
            + "'http://127.0.0.1:8888/user/alice/api', timeout=5).read().decode())";
    Instant deadline = Instant.now().plusSeconds(120);
    var exec = new ContainerExec(docker);
    var answer = exec.run(id, null, null, List.of("python3", "-c", probe));
    while (answer.exitCode() != 0 && Instant.now().isBefore(deadline)) {
      assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning())
          .as("the server runs: " + logs(id))
          .isTrue();
      Thread.sleep(1000);
      answer = exec.run(id, null, null, List.of("python3", "-c", probe));
    }
    assertThat(answer.exitCode()).as(logs(id)).isZero();
    assertThat(answer.stdout()).contains("\"version\"");
    String seen =
        exec.run(
                id,
                null,
                null,
                List.of(
                    "sh",
                    "-c",
                    "stat -c %u /proc/1; tr '\\0' ' ' < /proc/1/cmdline; echo;"
                        + " cat ~/notebook/hello.txt; readlink ~/shared; echo $HOME"))
            .stdout();
    assertThat(seen.lines().toList())
        .containsSubsequence(String.valueOf(aliceUid), "hello", "/srv/shared", "/home/alice");
    assertThat(seen).contains("jupyterhub-singleuser");
  }

  /** KubeSpawner's expansion of a value: the user's names, and '{{' '}}' for braces. */
  private static String expand(String value, String user) {
    return value.replace("{unescaped_username}", user).replace("{{", "{").replace("}}", "}");
  }

  private static Map<String, byte[]> texts(Map<String, String> files) {
    Map<String, byte[]> bytes = new HashMap<>();
    files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
    return bytes;
  }

  /** A one-shot container on this hub's image with {@code files} put in before it starts. */
  private String run(
      String entrypoint,
      List<String> args,
      String user,
      List<Bind> binds,
      Map<String, byte[]> files)
      throws IOException {
    DockerClient docker = hub.docker();
    String id =
        docker
            .createContainerCmd(hub.image)
            .withLabels(Map.of(Labels.HUB, hub.name))
            .withEntrypoint(entrypoint)
            .withCmd(args)
            .withUser(user)
            .withHostConfig(HostConfig.newHostConfig().withBinds(binds))
            .exec()
            .getId();
    hub.ownsContainer(id);
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey().substring(1));
        entry.setSize(file.getValue().length);
        out.putArchiveEntry(entry);
        out.write(file.getValue());
        out.closeArchiveEntry();
      }
    }
    docker
        .copyArchiveToContainerCmd(id)
        .withRemotePath("/")
        .withTarInputStream(new ByteArrayInputStream(tar.toByteArray()))
        .exec();
    docker.startContainerCmd(id).exec();
    int code = docker.waitContainerCmd(id).start().awaitStatusCode(5, TimeUnit.MINUTES);
    String logs = logs(id);
    assertThat(code).as(logs).isZero();
    return logs;
  }

  private String logs(String id) {
    StringBuilder text = new StringBuilder();
    try {
      hub.docker()
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
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
    }
    return text.toString();
  }

  private static Map<String, TarArchiveEntry> entries(Path archive) throws IOException {
    Map<String, TarArchiveEntry> entries = new HashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        entries.put(entry.getName(), entry);
      }
    }
    return entries;
  }
}
