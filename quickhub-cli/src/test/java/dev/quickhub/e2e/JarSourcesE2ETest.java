package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.QuickHub;
import dev.quickhub.image.ImageSources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher jar run without a checkout (no QUICKHUB_HOME, an empty current folder) builds from
 * its built-in sources the very image the checkout gives; a folder made by {@code quickhub init}
 * overrides the seed list, found as the current folder or by {@code --project}.
 */
class JarSourcesE2ETest {

  private static final Path JAR = Path.of("quickhub-cli/target/quickhub.jar");
  private static final String EXTRA_ACCOUNT = "jarsources,Made by a test,,false\n";

  @TempDir Path tmp;

  @Test
  void theJarsBuiltInsGiveTheCheckoutsImageAndAnInitFolderItsOwn() throws Exception {
    try (TestHub hub = new TestHub()) {
      String checkout = build(ImageSources.at(Path.of(".")), hub.image);

      Path empty = Files.createDirectories(tmp.resolve("empty"));
      String fromJar = jar(empty, "build", "--name", hub.name, "--image", hub.image("jar"));
      assertThat(fromJar).as("same inputs, same image id").isEqualTo(checkout);

      Path folder = tmp.resolve("course");
      jar(empty, "init", folder.toString());
      Path seed = folder.resolve("users/seed.csv");
      assertThat(seed).hasSameTextualContentAs(Path.of("users/seed.csv"));
      Files.writeString(seed, Files.readString(seed) + EXTRA_ACCOUNT);

      String inFolder = jar(folder, "build", "--name", hub.name, "--image", hub.image("folder"));
      String byProject =
          jar(
              empty,
              "build",
              "--name",
              hub.name,
              "--image",
              hub.image("project"),
              "--project",
              folder.toString());
      assertThat(inFolder).as("the folder's seed list").isNotEqualTo(checkout);
      assertThat(byProject).isEqualTo(inFolder);

      // The checkout with the same seed list: the folder's image/ is the built-in one.
      ImageSources changed = Sources.copy(tmp.resolve("changed"));
      Files.writeString(changed.seedFile(), Files.readString(changed.seedFile()) + EXTRA_ACCOUNT);
      assertThat(build(changed, hub.image("changed"))).isEqualTo(inFolder);
    }
  }

  private static String build(ImageSources sources, String tag) {
    return QuickHub.builder().sources(sources).imageTag(tag).build().buildImage().id();
  }

  /**
   * Runs the launcher jar in {@code dir} without QUICKHUB_HOME; for a build, the image id it
   * printed.
   */
  private String jar(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("QUICKHUB_HOME");
    builder.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
    Path err = tmp.resolve("jar.err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(600, TimeUnit.SECONDS)).isTrue();
    System.out.println("$ quickhub " + String.join(" ", args) + "\n" + out);
    assertThat(process.exitValue()).as(Files.readString(err)).isZero();
    // "Built TAG ID on BASE"
    return args[0].equals("build") ? out.strip().split(" ")[2] : out;
  }
}
