package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.engine.ContainerExec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Process limits and the public HTTP port's defences, on one HTTPS hub: the container's pids limit,
 * each user's process cap through PAM (runuser) with its default, a given value and 0, and a flood
 * of idle connections to the redirect port that the server closes on its own with a bounded number
 * of threads while a real request still gets its redirect. Loopback only.
 */
class ProcessLimitsE2ETest {

  private static final int IDLE_CONNECTIONS = 100;

  /** quickhub-http's MAX_CONNECTIONS, its main thread and its deadline watchdog. */
  private static final int MAX_THREADS = 64 + 2;

  @Test
  void pidsLimitsHoldAndIdleHttpConnectionsAreClosed() throws Exception {
    try (TestHub hub = new TestHub()) {
      int httpPort = TestHub.freePort();
      Cli up =
          Cli.run(
              hub.args(
                  "up",
                  "--self-signed",
                  "--http-port",
                  String.valueOf(httpPort),
                  "--pids",
                  "2000"));
      assertThat(up.exitCode()).as(up.err()).isZero();
      assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getHostConfig().getPidsLimit())
          .isEqualTo(2000L);
      assertThat(hub.exec(null, null, "cat", "/sys/fs/cgroup/pids/pids.max").stdout().strip())
          .isEqualTo("2000");
      assertThat(userProcessLimit(hub)).as("the default cap").isEqualTo("512");
      assertThat(hub.exec(null, null, "stat", "-c", "%a %U", LIMITS).stdout())
          .isEqualTo("644 root\n");

      idleConnectionsAreClosedWithBoundedThreadsWhileARequestIsRedirected(hub, httpPort);

      Cli capped = Cli.run(hub.args("up", "--user-pids", "200"));
      assertThat(capped.exitCode()).as(capped.err()).isZero();
      assertThat(userProcessLimit(hub)).isEqualTo("200");
      assertThat(Cli.run("status", "--name", hub.name).out()).contains("pids 2000, user pids 200");
      // A fork bomb's worth of processes stops at the cap (counted per uid on the whole host).
      ContainerExec.Result bomb =
          hub.exec(
              "user1",
              null,
              "sh",
              "-c",
              "i=0; while [ $i -lt 400 ]; do sleep 5 & i=$((i+1)); done; echo all started");
      assertThat(bomb.stdout()).doesNotContain("all started");
      assertThat(bomb.stderr()).contains("fork");
      assertThat(Integer.parseInt(hub.exec(null, null, "sh", "-c", COUNT_SLEEPS).stdout().strip()))
          .isBetween(1, 200);

      Cli free = Cli.run(hub.args("up", "--user-pids", "0", "--pids", "0"));
      assertThat(free.exitCode()).as(free.err()).isZero();
      assertThat(userProcessLimit(hub)).isEqualTo(rootProcessLimit(hub));
      assertThat(hub.exec(null, null, "test", "-e", LIMITS).exitCode()).isNotZero();
      Long pids = hub.docker().inspectContainerCmd(hub.name).exec().getHostConfig().getPidsLimit();
      assertThat(pids == null || pids <= 0).as("no pids limit: " + pids).isTrue();
    }
  }

  private static final String LIMITS = "/etc/security/limits.d/quickhub.conf";
  private static final String COUNT_SLEEPS =
      "n=0; for d in /proc/[0-9]*; do [ \"$(cat $d/comm 2>/dev/null)\" = sleep ] && n=$((n+1));"
          + " done; echo $n";

  private static String userProcessLimit(TestHub hub) {
    ContainerExec.Result limit = hub.exec("user1", null, "bash", "-c", "ulimit -u");
    assertThat(limit.exitCode()).as(limit.stderr()).isZero();
    return limit.stdout().strip();
  }

  private static String rootProcessLimit(TestHub hub) {
    return hub.exec(null, null, "bash", "-c", "ulimit -u").stdout().strip();
  }

  private static void idleConnectionsAreClosedWithBoundedThreadsWhileARequestIsRedirected(
      TestHub hub, int httpPort) throws Exception {
    List<Socket> idle = new ArrayList<>();
    // A slow client: one byte of a request every 3 s never lets the silence timeout fire; the
    // connection's deadline still ends it.
    Socket drip = new Socket(InetAddress.getLoopbackAddress(), httpPort);
    long dripOpened = System.nanoTime();
    CompletableFuture<Double> dripClosed =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (int i = 0; i < 30; i++) {
                  drip.getOutputStream().write('G');
                  drip.getOutputStream().flush();
                  Thread.sleep(3000);
                }
              } catch (IOException | InterruptedException e) {
                // Shut by the server.
              }
              return (System.nanoTime() - dripOpened) / 1e9;
            });
    try {
      long opened = System.nanoTime();
      for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort);
        socket.setSoTimeout(60_000);
        idle.add(socket);
      }
      Thread.sleep(2000);
      int threads = httpServerThreads(hub);
      System.out.printf(
          "quickhub-http threads with %d idle connections: %d%n", idle.size(), threads);
      assertThat(threads).isBetween(MAX_THREADS / 2, MAX_THREADS);

      long asked = System.nanoTime();
      CompletableFuture<HttpResponse<Void>> redirect =
          HttpClient.newHttpClient()
              .sendAsync(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/hub/"))
                      .timeout(Duration.ofSeconds(60))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      CompletableFuture<Double> redirected =
          redirect.thenApply(response -> (System.nanoTime() - asked) / 1e9);

      double first = Double.MAX_VALUE;
      double last = 0;
      for (Socket socket : idle) {
        double closed = closedAfter(socket.getInputStream(), opened);
        first = Math.min(first, closed);
        last = Math.max(last, closed);
      }
      HttpResponse<Void> response = redirect.get(60, TimeUnit.SECONDS);
      System.out.printf(
          "idle connections closed after %.1f to %.1f s; the redirect took %.1f s%n",
          first, last, redirected.get());
      double dripped = dripClosed.get(120, TimeUnit.SECONDS);
      System.out.printf("a client sending a byte every 3 s was cut off after %.1f s%n", dripped);
      assertThat(dripped).as("the connection's deadline").isBetween(15.0, 40.0);
      assertThat(first).as("closed by the timeout, not at once").isGreaterThan(8);
      assertThat(last).isLessThan(45);
      assertThat(response.statusCode()).isEqualTo(301);
      assertThat(response.headers().firstValue("Location"))
          .hasValue("https://localhost:" + hub.port + "/hub/");
    } finally {
      drip.close();
      for (Socket socket : idle) {
        socket.close();
      }
    }
  }

  /** Seconds from {@code opened} until the server ended the connection. */
  private static double closedAfter(InputStream in, long opened) throws IOException {
    try {
      assertThat(in.read()).as("nothing was sent").isEqualTo(-1);
    } catch (SocketException reset) {
      // Closed too.
    }
    return (System.nanoTime() - opened) / 1e9;
  }

  private static int httpServerThreads(TestHub hub) {
    String out =
        hub.exec(
                null,
                null,
                "sh",
                "-c",
                "for d in /proc/[0-9]*; do [ \"$(cat $d/comm 2>/dev/null)\" = quickhub-http ]"
                    + " && sed -n 's/^Threads:[[:space:]]*//p' $d/status; done")
            .stdout()
            .strip();
    assertThat(out).as("one quickhub-http process").matches("[0-9]+");
    return Integer.parseInt(out);
  }
}
