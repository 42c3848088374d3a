package dev.quickhub.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.PrivateFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A launcher that stays running after a build, so the next {@code quickhub build} of the same
 * checkout skips starting Java (most of a warm rebuild). The {@code quickhub} wrapper starts it and
 * talks to it; it answers only on loopback, only to requests bearing the token in its state file
 * (mode 0600), runs only the plain builds the wrapper sends it ({@link PlainBuild}), one at a time,
 * and ends after its idle time.
 */
@Command(
    name = "daemon",
    hidden = true,
    description = "Serve plain 'build' commands of the quickhub wrapper until idle (internal).")
final class DaemonCommand implements Runnable {

  @Option(
      names = "--state",
      required = true,
      paramLabel = "FILE",
      description = "Where to write 'PORT TOKEN PID' for the wrapper (mode 0600).")
  Path state;

  @Option(
      names = "--idle",
      defaultValue = "PT15M",
      paramLabel = "DURATION",
      description = "End after this long without a request (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration idle;

  @Parameters(
      paramLabel = "BUILD",
      description =
          "A plain build to run once at start, its output discarded: the next one is quicker.")
  List<String> warmUp = List.of();

  private final AtomicLong lastUsed = new AtomicLong(System.nanoTime());

  /** What the state file says: PORT TOKEN PID. */
  private volatile String stateLine;

  @Override
  public void run() {
    Optional<PlainBuild> firstBuild =
        warmUp.isEmpty() ? Optional.empty() : Optional.of(PlainBuild.parse(warmUp));
    try {
      byte[] token = new byte[32];
      new SecureRandom().nextBytes(token);
      String secret = HexFormat.of().formatHex(token);
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/build", exchange -> serve(exchange, secret));
      server.start();
      stateLine =
          server.getAddress().getPort() + " " + secret + " " + ProcessHandle.current().pid();
      writeState();
      ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
      clock.scheduleAtFixedRate(
          () -> {
            if (System.nanoTime() - lastUsed.get() > idle.toNanos()) {
              stop(server);
            }
          },
          1,
          1,
          TimeUnit.SECONDS);
      Runtime.getRuntime().addShutdownHook(new Thread(this::deleteState));
      firstBuild.ifPresent(this::warmUp);
      new CountDownLatch(1).await(); // until stop() ends the process
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One build: the arguments are the request body, one per line. The response streams the build's
   * standard error as lines "e TEXT", then its standard output as "o TEXT", then "x EXITCODE".
   */
  private synchronized void serve(HttpExchange exchange, String secret) throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      byte[] given = (auth == null ? "" : auth).getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(given, ("Bearer " + secret).getBytes(StandardCharsets.UTF_8))) {
        exchange.sendResponseHeaders(403, -1);
        return;
      }
      PlainBuild build;
      try {
        build =
            PlainBuild.parse(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList());
      } catch (QuickHubException e) {
        byte[] why = (Flags.render(e) + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(400, why.length);
        exchange.getResponseBody().write(why);
        return;
      }
      exchange.sendResponseHeaders(200, 0);
      OutputStream body = exchange.getResponseBody();
      StringWriter out = new StringWriter();
      PrintWriter err = new PrintWriter(new PrefixedLines(body, "e "), true);
      int code =
          QuickHubCommand.commandLine()
              .setOut(new PrintWriter(out, true))
              .setErr(err)
              .execute(build.args().toArray(String[]::new));
      err.flush();
      StringBuilder rest = new StringBuilder();
      out.toString().lines().forEach(line -> rest.append("o ").append(line).append('\n'));
      rest.append("x ").append(code).append('\n');
      body.write(rest.toString().getBytes(StandardCharsets.UTF_8));
    } finally {
      lastUsed.set(System.nanoTime());
    }
  }

  /** Runs the warm-up build (a no-op when nothing changed), so its code is compiled by then. */
  private synchronized void warmUp(PlainBuild build) {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    QuickHubCommand.commandLine()
        .setOut(nowhere)
        .setErr(nowhere)
        .execute(build.args().toArray(String[]::new));
    lastUsed.set(System.nanoTime());
  }

  private void writeState() throws IOException {
    Files.createDirectories(state.getParent());
    Path tmp = state.resolveSibling("daemon-" + UUID.randomUUID() + ".tmp");
    try (OutputStream out = PrivateFile.create(tmp)) {
      out.write((stateLine + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Files.move(tmp, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private synchronized void stop(HttpServer server) {
    deleteState();
    server.stop(0);
    System.exit(0);
  }

  /** Deletes the state file unless another daemon (started at the same moment) has replaced it. */
  private void deleteState() {
    try {
      if (stateLine != null && Files.readString(state).strip().equals(stateLine)) {
        Files.delete(state);
      }
    } catch (IOException e) {
      // The wrapper finds no daemon answering there and starts Java itself.
    }
  }

  /** Writes each complete line to {@code out} with {@code prefix}, as it comes. */
  private static final class PrefixedLines extends Writer {
    private final OutputStream out;
    private final String prefix;
    private final StringBuilder line = new StringBuilder();

    PrefixedLines(OutputStream out, String prefix) {
      this.out = out;
      this.prefix = prefix;
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        if (chars[i] == '\n') {
          emit();
        } else if (chars[i] != '\r') {
          line.append(chars[i]);
        }
      }
    }

    private void emit() throws IOException {
      out.write((prefix + line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      line.setLength(0);
    }

    @Override
    public void flush() throws IOException {
      if (line.length() > 0) {
        emit();
      }
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
