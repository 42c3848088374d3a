package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.system.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * quickhub as a test dependency: this build's artifacts are installed into a Maven repository in a
 * temporary folder, and a project made there (no checkout on its class path, no QUICKHUB_HOME)
 * depends on {@code dev.quickhub:quickhub-testcontainers}; its JUnit test starts a hub, logs in a
 * seed user and runs code in a kernel. The consumer has a local repository of its own, filled from
 * this machine's one and the temporary repository, so nothing lands in the user's: the folder goes,
 * and so does the image tag its hub was built under.
 */
class ConsumerProjectE2ETest {

  private static final String VERSION = Version.get();
  private static final Path USER_REPOSITORY =
      Path.of(System.getProperty("user.home"), ".m2", "repository");

  @TempDir Path tmp;

  @Test
  void aConsumerProjectRunsAHubFromTheInstalledArtifacts() throws Exception {
    Path repository = tmp.resolve("repository");
    Path installed = USER_REPOSITORY.resolve("dev/quickhub/quickhub-testcontainers");
    boolean installedBefore = Files.exists(installed);
    install(Path.of("pom.xml"), Path.of("pom.xml"));
    for (String module : List.of("quickhub-core", "quickhub-testcontainers")) {
      install(
          Path.of(module, "target", module + "-" + VERSION + ".jar"), Path.of(module, "pom.xml"));
    }
    assertThat(repository.resolve("dev/quickhub/quickhub-testcontainers/" + VERSION)).isDirectory();

    try (TestHub names = new TestHub()) {
      Path project = tmp.resolve("consumer");
      Path test = project.resolve("src/test/java/example/HubTest.java");
      Files.createDirectories(test.getParent());
      Files.writeString(project.resolve("pom.xml"), pom(repository));
      Files.writeString(test, TEST);

      List<String> build = new ArrayList<>(List.of("mvn", "-B", "test"));
      build.add("-Dmaven.repo.local=" + tmp.resolve("local"));
      build.add("-Dquickhub.image=" + names.image);
      Path log = tmp.resolve("consumer.log");
      int code = run(project, build, log);
      String output = Files.readString(log);
      System.out.println(
          output.lines().filter(l -> l.contains("Tests run")).findFirst().orElse(""));
      assertThat(code).as("the consumer's 'mvn test':%n%s", output).isZero();
      assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
    }
    assertThat(Files.exists(installed))
        .as("the user's local repository untouched")
        .isEqualTo(installedBefore);
  }

  /**
   * One artifact of this build, with its pom, into the temporary repository; the user's local
   * repository is only read (a deployment would cache metadata there).
   */
  private void install(Path file, Path pom) throws IOException, InterruptedException {
    List<String> command =
        List.of(
            "mvn",
            "-B",
            "-q",
            "org.apache.maven.plugins:maven-install-plugin:3.1.2:install-file",
            "-Dfile=" + file.toAbsolutePath(),
            "-DpomFile=" + pom.toAbsolutePath(),
            "-DlocalRepositoryPath=" + tmp.resolve("repository"));
    Path log = tmp.resolve("install.log");
    // From the temporary folder: the checkout's pom would make it a build of every module.
    assertThat(run(tmp, command, log)).as("%s%n%s", command, Files.readString(log)).isZero();
  }

  private static int run(Path dir, List<String> command, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.remove("QUICKHUB_HOME");
    env.remove("MAVEN_OPTS");
    env.put("TESTCONTAINERS_RYUK_DISABLED", "true");
    env.put("TESTCONTAINERS_HOST_OVERRIDE", "localhost");
    Process process = builder.start();
    if (!process.waitFor(15, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(command + " took more than 15 minutes");
    }
    return process.exitValue();
  }

  /**
   * The consumer: the temporary repository for quickhub, this machine's local repository as a
   * mirror of what Maven Central already gave it (Central itself after both), plugins pinned to
   * versions this build uses.
   */
  private static String pom(Path repository) {
    String repositories =
        repository("quickhub", repository) + repository("machine", USER_REPOSITORY);
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId>
          <artifactId>consumer</artifactId>
          <version>1</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <repositories>%s</repositories>
          <pluginRepositories>%s</pluginRepositories>
          <dependencies>
            <dependency>
              <groupId>dev.quickhub</groupId>
              <artifactId>quickhub-testcontainers</artifactId>
              <version>%s</version>
              <scope>test</scope>
            </dependency>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <version>5.11.4</version>
              <scope>test</scope>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <artifactId>maven-resources-plugin</artifactId>
                <version>3.3.1</version>
              </plugin>
              <plugin>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.13.0</version>
              </plugin>
              <plugin>
                <artifactId>maven-surefire-plugin</artifactId>
                <version>3.5.2</version>
                <configuration>
                  <systemPropertyVariables>
                    <quickhub.image>${quickhub.image}</quickhub.image>
                  </systemPropertyVariables>
                </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """
        .formatted(repositories, repositories.replace("repository>", "pluginRepository>"), VERSION);
  }

  private static String repository(String id, Path dir) {
    return "<repository><id>%s</id><url>%s</url></repository>".formatted(id, dir.toUri());
  }

  /** The consumer's test: what a user of quickhub-testcontainers writes. */
  private static final String TEST =
      """
      package example;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import dev.quickhub.QuickHub;
      import dev.quickhub.client.HubClient;
      import dev.quickhub.testcontainers.QuickHubContainer;
      import java.time.Duration;
      import org.junit.jupiter.api.Test;

      class HubTest {
        @Test
        void seedUserRunsCode() {
          QuickHub quickHub =
              QuickHub.builder().imageTag(System.getProperty("quickhub.image")).build();
          try (QuickHubContainer hub = new QuickHubContainer(quickHub)) {
            hub.start();
            HubClient user = hub.login("user1");
            user.startServer(Duration.ofMinutes(3));
            assertEquals("42\\n", user.runCode("python3", "print(6 * 7)", Duration.ofMinutes(2)));
          }
        }
      }
      """;
}
