package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.quickhub.client.HubClient;
import dev.quickhub.engine.Engine;
import dev.quickhub.engine.Labels;
import dev.quickhub.image.BaseImage;
import dev.quickhub.image.BaseImageBuilder;
import dev.quickhub.image.BaseRecipe;
import dev.quickhub.report.Progress;
import dev.quickhub.system.Dirs;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The base built in a builder container by a user who is not root and has no mmdebstrap on PATH:
 * the builder image is a minimal Debian this test makes with mmdebstrap and pushes to a registry of
 * its own on loopback (with htpasswd authentication, the credentials in the user's Docker config
 * file). The user is a Linux account made for the run, in the group docker only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerBaseE2ETest {

  private static final Duration LAUNCHER = Duration.ofMinutes(20);

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String user = "qhnr" + id;
  private final String hub = "qhtest-nr-" + id;
  private final String image = "quick-jupyterhub-test:nr-" + id;
  private final int port = TestHub.freePort();
  private final Engine engine = Engine.fromEnvironment().requireAnswering();
  private final DockerClient docker = engine.client();
  private final BaseRecipe recipe = BaseRecipe.load(Path.of("image/base"));
  private final List<String> images = new ArrayList<>();
  private Path work;
  private Path home;
  private LoopbackRegistry registry;
  private String builder;
  private boolean userMade;

  @BeforeAll
  void setUp() throws Exception {
    work = Files.createTempDirectory("quickhub-nonroot-");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    registry = new LoopbackRegistry(Files.createDirectory(work.resolve("registry")));
    builder = registry.host() + "/qhtest-" + id + "/minbase:" + recipe.suite();
    pushMinimalDebian();

    home = Files.createDirectory(work.resolve("home"));
    Path bin = Files.createDirectory(work.resolve("bin"));
    Files.createSymbolicLink(
        bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    Files.copy(Path.of("quickhub-cli/target/quickhub.jar"), work.resolve("quickhub.jar"));
    run(
        "useradd",
        "--no-create-home",
        "--home-dir",
        home.toString(),
        "--shell",
        "/bin/sh",
        "--groups",
        "docker",
        user);
    userMade = true;
    Path dockerConfig = Files.createDirectories(home.resolve(".docker"));
    Files.writeString(
        dockerConfig.resolve("config.json"), registry.dockerConfig(registry.password));
    Path badConfig = Files.createDirectories(home.resolve("bad-docker"));
    Files.writeString(badConfig.resolve("config.json"), registry.dockerConfig("not-the-password"));
    run("chown", "-R", user + ":" + user, home.toString());
    run("chmod", "-R", "go-rwx", home.toString());
  }

  /** A minbase Debian from the host's mmdebstrap, imported and pushed; the engine keeps no copy. */
  private void pushMinimalDebian() throws Exception {
    Path rootfs = work.resolve("minbase.tar");
    run("mmdebstrap", "--variant=minbase", "--quiet", recipe.suite(), rootfs.toString());
    String repository = builder.substring(0, builder.lastIndexOf(':'));
    List<String> pushErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    images.add(builder);
    // The engine answered docker-java's import of this file with "unexpected EOF"; the CLI's works.
    run("docker", "import", rootfs.toString(), builder);
    docker
        .pushImageCmd(repository)
        .withTag(recipe.suite())
        .withAuthConfig(
            new AuthConfig()
                .withRegistryAddress(registry.host())
                .withUsername(registry.user)
                .withPassword(registry.password))
        .exec(
            new ResultCallback.Adapter<PushResponseItem>() {
              @Override
              public void onNext(PushResponseItem item) {
                if (item.isErrorIndicated()) {
                  pushErrors.add(String.valueOf(item.getErrorDetail().getMessage()));
                }
              }
            })
        .awaitCompletion();
    assertThat(pushErrors).as("pushing the builder image to the test registry").isEmpty();
    docker.removeImageCmd(builder).exec();
    Files.delete(rootfs);
  }

  @Test
  @Order(1)
  void upBuildsTheBaseInAContainerWithoutRootAndTheHubWorks() throws Exception {
    Launch up =
        launch(
            Map.of(),
            "up",
            "--name",
            hub,
            "--image",
            image,
            "--port",
            String.valueOf(port),
            "--builder-image",
            builder,
            "--no-install-engine");
    assertThat(up.code).as(up.err).isZero();
    assertThat(up.err).contains("in a builder container from " + builder);
    assertThat(up.out).contains("is up at http://localhost:" + port + "/");
    Path log = home.resolve(".local/state/quickhub/quickhub.log");
    String logged = Files.isRegularFile(log) ? Files.readString(log) : "";
    String auth =
        java.util.Base64.getEncoder()
            .encodeToString(
                (registry.user + ":" + registry.password).getBytes(StandardCharsets.UTF_8));
    assertThat(up.out + up.err + logged)
        .as("the registry's password reaches neither the terminal nor the log")
        .doesNotContain(registry.password, auth);

    HubClient user1 = HubClient.at(URI.create("http://localhost:" + port + "/"));
    assertThat(user1.login("user1", "user1")).isTrue();
    user1.startServer(Duration.ofMinutes(3));
    assertThat(user1.runCode("python3", "print(6 * 7)", Duration.ofMinutes(2))).contains("42");

    Path userBase = userBaseDir();
    assertThat(Files.getOwner(userBase.resolve("base.tar")).getName())
        .as("the base is cached in the user's own cache folder")
        .isEqualTo(user);
    assertThat(home.resolve(".config/quickhub/hubs")).isDirectory();
    assertThat(Files.getOwner(home.resolve(".config/quickhub/hubs")).getName()).isEqualTo(user);

    BaseImage hostBase =
        new BaseImageBuilder(Dirs.cache(), () -> docker, Optional.empty(), Progress.silent())
            .baseFor(recipe, false);
    List<String> fromContainer = packages(userBase.resolve("base.tar"), "container");
    assertThat(fromContainer).hasSizeGreaterThan(500).contains("jupyterhub", "tini");
    assertThat(fromContainer)
        .as("the same packages as the host's mmdebstrap gives")
        .isEqualTo(packages(hostBase.tarball().orElseThrow(), "host"));
  }

  @Test
  @Order(2)
  void aBuilderImageTheRegistryLacksIsNamedAndTheBaseIsKept() throws Exception {
    String before = snapshot();
    String missing = registry.host() + "/qhtest-" + id + "/nosuch:" + recipe.suite();
    Launch build =
        launch(Map.of(), "build", "--refresh-base", "--builder-image", missing, "--image", image);
    assertOneSentence(build, "The builder image " + missing + " was not found in its registry");
    assertThat(snapshot()).as("the cached base is untouched").isEqualTo(before);
  }

  @Test
  @Order(3)
  void refusedCredentialsAreNamedAndTheBaseIsKept() throws Exception {
    String before = snapshot();
    docker.removeImageCmd(builder).exec();
    Launch build =
        launch(
            Map.of("DOCKER_CONFIG", home.resolve("bad-docker").toString()),
            "build",
            "--refresh-base",
            "--builder-image",
            builder,
            "--image",
            image);
    assertOneSentence(
        build, "The registry refused the credentials for the builder image " + builder);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  @Order(4)
  void aptFailingInTheBuilderQuotesItAndKeepsTheBase() throws Exception {
    String before = snapshot();
    Path project = Files.createDirectory(work.resolve("project"));
    Sources.copy(project);
    Files.writeString(
        project.resolve("image/base/packages.txt"),
        "quickhub-no-such-package\n",
        java.nio.file.StandardOpenOption.APPEND);
    run("chmod", "-R", "a+rX", project.toString());
    Launch build =
        launch(
            Map.of(),
            "build",
            "--project",
            project.toString(),
            "--builder-image",
            builder,
            "--image",
            image);
    assertOneSentence(build, "Building the base image in a builder container from " + builder);
    assertThat(build.err).contains("quickhub-no-such-package");
    assertThat(snapshot()).isEqualTo(before);
    String badHash = BaseRecipe.load(project.resolve("image/base")).shortHash();
    assertThat(home.resolve(".cache/quickhub/base/" + badHash + "/base.tar")).doesNotExist();
    assertThat(docker.listContainersCmd().withShowAll(true).exec())
        .as("no builder container is left behind")
        .noneMatch(
            c ->
                Stream.of(c.getNames())
                    .anyMatch(
                        n -> n.startsWith("/quickhub-base-") && c.getImage().equals(builder)));
  }

  @Test
  @Order(5)
  void aUserOutsideTheEnginesGroupIsToldWhatToDo() throws Exception {
    Launch ls = launch(List.of("-g", user), Map.of(), "ls");
    assertOneSentence(
        ls,
        "The engine's socket /var/run/docker.sock refuses user "
            + user
            + ": only root and the members of its group docker may use it.");
    assertThat(ls.err).contains("sudo usermod -aG docker " + user);
  }

  private void assertOneSentence(Launch launch, String sentence) {
    assertThat(launch.code).as(launch.err).isNotZero();
    assertThat(launch.err).contains("quickhub: " + sentence);
    assertThat(launch.err.lines().filter(l -> l.startsWith("quickhub: "))).hasSize(1);
    assertThat(launch.err)
        .as("no stack trace on the terminal")
        .doesNotContain("\tat ", "Exception");
  }

  private Path userBaseDir() {
    return home.resolve(".cache/quickhub/base/" + recipe.shortHash());
  }

  /** The user's cached base as content digests and times, to see that nothing changed. */
  private String snapshot() throws IOException {
    Path dir = userBaseDir();
    return Files.readString(dir.resolve("base.json"))
        + Files.size(dir.resolve("base.tar"))
        + Files.getLastModifiedTime(dir.resolve("base.tar"));
  }

  /** {@code dpkg-query -W} over the dpkg database inside a base archive. */
  private List<String> packages(Path baseArchive, String name) throws Exception {
    Path dir = Files.createDirectory(work.resolve("dpkg-" + name));
    run(
        "sh",
        "-c",
        "tar -xOf \"$1\" layer.tar.gz | tar -xz -C \"$2\" ./var/lib/dpkg",
        "sh",
        baseArchive.toString(),
        dir.toString());
    String out =
        run("dpkg-query", "--admindir=" + dir.resolve("var/lib/dpkg"), "-W", "-f", "${Package}\\n");
    return out.lines().sorted().toList();
  }

  private record Launch(int code, String out, String err) {}

  /** The launcher as the test's user, with only java on PATH and a clean environment. */
  private Launch launch(Map<String, String> env, String... args) throws Exception {
    return launch(List.of(), env, args);
  }

  /** {@code runuserOptions}: {@code -g USER} leaves out the group docker. */
  private Launch launch(List<String> runuserOptions, Map<String, String> env, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("runuser", "-u", user));
    command.addAll(runuserOptions);
    command.addAll(
        List.of("--", "env", "-i", "HOME=" + home, "PATH=" + work.resolve("bin"), "LANG=C.UTF-8"));
    env.forEach((k, v) -> command.add(k + "=" + v));
    command.addAll(List.of("java", "-jar", work.resolve("quickhub.jar").toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process process =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(LAUNCHER.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    Launch launch = new Launch(process.waitFor(), Files.readString(out), Files.readString(err));
    System.out.println(
        "$ (as "
            + user
            + ") quickhub "
            + String.join(" ", args)
            + " -> exit "
            + launch.code
            + "\n"
            + launch.out
            + launch.err);
    return launch;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  /** Each step runs even when one before it failed; the first failure is thrown at the end. */
  @AfterAll
  void cleanUp() throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (Step step :
        List.<Step>of(
            this::removeHub,
            this::removeImages,
            () -> {
              if (registry != null) {
                registry.close();
              }
            },
            () -> {
              if (userMade) {
                run("userdel", user);
              }
            },
            () -> {
              if (work != null) {
                try (Stream<Path> walk = Files.walk(work)) {
                  walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
              }
            },
            engine::close)) {
      try {
        step.run();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private void removeHub() {
    for (Container c :
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(Labels.HUB, hub))
            .exec()) {
      docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
    }
    var volumes =
        docker
            .listVolumesCmd()
            .withFilter("label", List.of(Labels.HUB + "=" + hub))
            .exec()
            .getVolumes();
    for (InspectVolumeResponse volume :
        volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
      docker.removeVolumeCmd(volume.getName()).exec();
    }
  }

  private void removeImages() throws IOException {
    images.add(image);
    if (home != null && Files.isRegularFile(userBaseDir().resolve("base.json"))) {
      // The user's base, never the host cache's (another build, so another id).
      images.add(
          new ObjectMapper()
              .readTree(userBaseDir().resolve("base.json").toFile())
              .path("imageId")
              .asText());
    }
    for (String reference : images) {
      try {
        docker.removeImageCmd(reference).withForce(true).exec();
      } catch (NotFoundException gone) {
        // Never made, or already removed.
      }
    }
  }
}
