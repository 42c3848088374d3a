package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a process against an engine that fails a streamed call (HTTP 500 on a hub's log):
 * docker-java logs its own ERROR with a stack trace, which must land in the log file, never on the
 * terminal, where only quickhub's sentence shows.
 */
class LogFileE2ETest {

  private static final Path JAR = Path.of("quickhub-cli/target/quickhub.jar");

  @TempDir Path home;
  private HttpServer engine;

  @BeforeEach
  void startAFailingEngine() throws IOException {
    engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    engine.createContext("/", LogFileE2ETest::answer);
    engine.start();
  }

  @AfterEach
  void stopTheEngine() {
    engine.stop(0);
  }

  /** Answers the ping and the hub's container; every other call fails as an engine bug would. */
  private static void answer(HttpExchange call) throws IOException {
    String path = call.getRequestURI().getPath();
    int status = 200;
    String body;
    if (path.endsWith("/_ping")) {
      body = "OK";
    } else if (path.endsWith("/containers/quickjh/json")) {
      body =
          "{\"Id\":\"abc123\",\"Name\":\"/quickjh\",\"State\":{\"Running\":true,"
              + "\"Status\":\"running\"},\"Config\":{\"Labels\":{\"quickhub.hub\":\"quickjh\"}}}";
    } else {
      status = 500;
      body = "{\"message\":\"the fake engine fails here\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    call.getResponseHeaders().set("Content-Type", "application/json");
    call.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = call.getResponseBody()) {
      out.write(bytes);
    }
  }

  private record Run(int exitCode, String err) {}

  private Run quickhub(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    command.addAll(
        List.of(
            "--host", "tcp://127.0.0.1:" + engine.getAddress().getPort(), "--no-install-engine"));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("HOME", home.toString());
    builder.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
    builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    builder.environment().remove("DOCKER_HOST");
    Process process = builder.start();
    process.getOutputStream().close();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    System.out.println("$ quickhub " + String.join(" ", args) + "\n" + err);
    return new Run(process.exitValue(), err);
  }

  @Test
  void theLibrarysErrorGoesToTheLogFileAndTheTerminalGetsQuickhubsSentence() throws Exception {
    Run run = quickhub("logs");

    Path log = home.resolve("state/quickhub/quickhub.log");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().lines())
        .as("only quickhub's own lines")
        .isNotEmpty()
        .allMatch(line -> line.startsWith("quickhub: ") || line.startsWith("Details in " + log));
    assertThat(run.err())
        .contains("the fake engine fails here")
        .doesNotContain("ERROR", "SEVERE", "ResultCallbackTemplate", "\tat ");

    String logged = Files.readString(log);
    assertThat(logged)
        .contains("SEVERE com.github.dockerjava.api.async.ResultCallbackTemplate - Error during")
        .contains("the fake engine fails here")
        .contains("\tat com.github.dockerjava.");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void verboseShowsTheLibrarysRecordOnStderrAsWell() throws Exception {
    Run run = quickhub("logs", "--verbose");

    assertThat(run.err())
        .contains("ResultCallbackTemplate - Error during callback")
        .contains("SEVERE dev.quickhub.cli.QuickHubCommand - unexpected error")
        .doesNotContain("Details in");
    assertThat(Files.readString(home.resolve("state/quickhub/quickhub.log")))
        .contains("ResultCallbackTemplate - Error during callback");
  }
}
