package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.client.HubClient;
import dev.quickhub.system.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as a user meets it: built by the script that 'mvn install' runs, installed
 * with apt-get, run with neither Java nor Maven on the PATH and no checkout, removed without a
 * trace. Installing changes the whole machine, so every test removes the package again, also when
 * it fails, and refuses to start where someone installed quickhub already.
 */
class DebianPackageE2ETest {

  private static final Path COMMAND = Path.of("/usr/bin/quickhub");
  private static final Path INSTALLED = Path.of("/usr/lib/quickhub");
  private static final Path COMPLETION = Path.of("/usr/share/bash-completion/completions/quickhub");
  private static final Duration SPAWN = Duration.ofMinutes(3);

  @TempDir static Path built;
  private static Path deb;

  @TempDir Path tmp;

  @BeforeAll
  static void buildThePackage() throws Exception {
    Result build =
        run(
            List.of("packaging/deb/build", "quickhub-cli/target/quickhub.jar", built.toString()),
            new HashMap<>(System.getenv()),
            Path.of("."),
            Duration.ofMinutes(10));
    assertThat(build.code).as(build.err).isZero();
    deb = built.resolve("quickhub_" + Version.get() + "-1_amd64.deb");
    assertThat(deb).as("the package, named after the launcher's version").exists();
  }

  @Test
  void runsWithoutJavaAndRemovesCleanly() throws Exception {
    try (Installation installation = Installation.of(deb)) {
      assertThat(COMMAND).isSymbolicLink();
      assertThat(COMPLETION).exists();
      Map<String, String> env = noJava();

      Result version = quickhub(env, tmp, "--version");
      assertThat(version.code).as(version.err).isZero();
      assertThat(version.out.strip()).isEqualTo("quickhub " + Version.get());

      Result help = quickhub(env, tmp, "--help");
      assertThat(help.code).as(help.err).isZero();
      assertThat(help.out).contains("Usage: quickhub", "  up ", "  users ");

      Result completion =
          run(
              List.of("bash", "-c", "source " + COMPLETION + " && complete -p quickhub"),
              env,
              tmp,
              Duration.ofSeconds(30));
      assertThat(completion.code).as(completion.err).isZero();
      assertThat(completion.out).contains("quickhub");
    }
    assertThat(COMMAND).doesNotExist();
    assertThat(Files.exists(COMMAND, LinkOption.NOFOLLOW_LINKS)).as("no link left").isFalse();
    assertThat(Files.exists(COMPLETION, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(INSTALLED).doesNotExist();
    assertThat(Installation.installed()).isFalse();
  }

  /**
   * Needs the image sources inside the jar: from an empty folder, with no checkout anywhere, the
   * built-in sources and seed list serve.
   */
  @Test
  void upFromAnEmptyFolderGivesAWorkingHub() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    try (Installation installation = Installation.of(deb);
        TestHub hub = new TestHub()) {
      Map<String, String> env = noJava();
      Result up = quickhub(env, empty, hub.args("up"));
      assertThat(up.code).as(up.err).isZero();
      assertThat(up.out).contains(hub.url().toString());

      HubClient user1 = HubClient.at(hub.url());
      assertThat(user1.login("user1", "user1")).isTrue();
      user1.startServer(SPAWN);

      Result down = quickhub(env, empty, "down", "--name", hub.name);
      assertThat(down.code).as(down.err).isZero();
      Assertions.assertThatThrownBy(() -> hub.docker().inspectContainerCmd(hub.name).exec())
          .isInstanceOf(NotFoundException.class);
    }
    assertThat(Installation.installed()).isFalse();
  }

  /** Needs 'quickhub init': a hub folder's own seed list replaces the built-in one. */
  @Test
  void upInAnInitializedFolderUsesItsSeedList() throws Exception {
    Path folder = tmp.resolve("course");
    try (Installation installation = Installation.of(deb);
        TestHub hub = new TestHub()) {
      Map<String, String> env = noJava();
      Result init = quickhub(env, tmp, "init", folder.toString());
      assertThat(init.code).as(init.err).isZero();
      Path seed = folder.resolve("users/seed.csv");
      assertThat(seed).exists();
      Files.writeString(seed, Files.readString(seed) + "teacher,Course teacher,,false\n");

      Result up = quickhub(env, folder, hub.args("up"));
      assertThat(up.code).as(up.err).isZero();
      HubClient teacher = HubClient.at(hub.url());
      assertThat(teacher.login("teacher", "teacher")).as("seeded from the folder").isTrue();
      teacher.startServer(SPAWN);
      assertThat(quickhub(env, folder, "down", "--name", hub.name).code).isZero();
    }
    assertThat(Installation.installed()).isFalse();
  }

  /**
   * The environment of a user without Java or Maven and without a checkout: a PATH of links to the
   * machine's commands, less those of the JDK and Maven; no JAVA_HOME, no QUICKHUB_HOME. The same
   * home, caches and engine as this test, so that the cached base serves and TestHub cleans up.
   */
  private Map<String, String> noJava() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    for (String dir :
        List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      if (!Files.isDirectory(Path.of(dir))) {
        continue;
      }
      try (Stream<Path> commands = Files.list(Path.of(dir))) {
        for (Path command : commands.toList()) {
          Path link = bin.resolve(command.getFileName());
          if (Files.isExecutable(command) && !fromJdkOrMaven(command) && !Files.exists(link)) {
            Files.createSymbolicLink(link, command);
          }
        }
      }
    }
    Map<String, String> env = new HashMap<>();
    env.put("PATH", bin.toString());
    for (String name : List.of("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "DOCKER_HOST")) {
      if (System.getenv(name) != null) {
        env.put(name, System.getenv(name));
      }
    }
    for (String tool : List.of("java", "mvn", "javac")) {
      Result which =
          run(List.of("sh", "-c", "command -v " + tool), env, tmp, Duration.ofSeconds(5));
      assertThat(which.code).as("'%s' is hidden: %s", tool, which.out).isNotZero();
    }
    return env;
  }

  private static boolean fromJdkOrMaven(Path command) throws IOException {
    Path real = command.toRealPath();
    return real.startsWith("/usr/lib/jvm") || real.startsWith("/usr/share/maven");
  }

  private static Result quickhub(Map<String, String> env, Path dir, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("quickhub"));
    command.addAll(List.of(args));
    return run(command, env, dir, Duration.ofMinutes(15));
  }

  record Result(int code, String out, String err) {}

  /** Runs {@code command} in {@code dir} with exactly {@code env}. */
  private static Result run(
      List<String> command, Map<String, String> env, Path dir, Duration timeout) throws Exception {
    Path err = Files.createTempFile("quickhub-deb", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(resolve(command, env)).directory(dir.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      builder.redirectError(err.toFile());
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end within " + timeout);
      }
      Result result = new Result(process.exitValue(), out, Files.readString(err));
      System.out.println(
          "$ " + String.join(" ", command) + "  -> exit " + result.code + "\n" + out + result.err);
      return result;
    } finally {
      Files.delete(err);
    }
  }

  /** The command's first word looked up in {@code env}'s PATH, as a shell would. */
  private static List<String> resolve(List<String> command, Map<String, String> env) {
    List<String> resolved = new ArrayList<>(command);
    if (!command.get(0).contains("/")) {
      for (String dir : env.getOrDefault("PATH", "").split(":")) {
        Path candidate = Path.of(dir, command.get(0));
        if (Files.isExecutable(candidate)) {
          resolved.set(0, candidate.toString());
          break;
        }
      }
    }
    return resolved;
  }

  /**
   * The package installed by apt-get; closing removes it (purge: no record left), also after a
   * failure.
   */
  private static final class Installation implements AutoCloseable {

    static Installation of(Path deb) throws Exception {
      assertThat(installed())
          .as(
              "quickhub is installed on this machine already; the test installs and removes its own")
          .isFalse();
      Installation installation = new Installation();
      Result install = apt("install", "-y", deb.toString());
      if (install.code != 0) {
        installation.close();
        throw new AssertionError("apt-get install failed:\n" + install.err);
      }
      return installation;
    }

    static boolean installed() throws Exception {
      Result status =
          run(
              List.of("dpkg-query", "-W", "-f=${Status}", "quickhub"),
              new HashMap<>(System.getenv()),
              Path.of("."),
              Duration.ofSeconds(30));
      return status.code == 0 && status.out.contains("ok installed");
    }

    @Override
    public void close() throws Exception {
      Result remove = apt("purge", "-y", "quickhub");
      assertThat(remove.code).as(remove.err).isZero();
    }

    private static Result apt(String... args) throws Exception {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("DEBIAN_FRONTEND", "noninteractive");
      List<String> command = new ArrayList<>(List.of("apt-get"));
      command.addAll(List.of(args));
      return run(command, env, Path.of("."), Duration.ofMinutes(5));
    }
  }
}
