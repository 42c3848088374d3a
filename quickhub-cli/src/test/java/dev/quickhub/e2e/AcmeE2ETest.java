package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate from a real ACME server on loopback: Debian's pebble, with pebble-challtestsrv as
 * its DNS server answering 127.0.0.1 for every name, so pebble checks http-01 on the hub's
 * published HTTP port.
 */
class AcmeE2ETest {

  @TempDir Path tmp;

  @Test
  void upObtainsACertificateFromPebbleAndRenewSaysWhatItDid() throws Exception {
    List<Process> processes = new ArrayList<>();
    try (TestHub hub = new TestHub()) {
      int acmePort = TestHub.freePort();
      int managementPort = TestHub.freePort();
      int dnsPort = TestHub.freePort();
      int challengeManagementPort = TestHub.freePort();
      int httpPort = TestHub.freePort();
      Instant now = Instant.now();
      // pebble's own HTTPS: a certificate made here, which the launcher trusts with --acme-ca.
      TestCertificates.Made listener =
          TestCertificates.make(
              tmp, "pebble", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(2)), false);
      Path config =
          Files.writeString(
              tmp.resolve("pebble.json"),
              """
              {"pebble": {
                "listenAddress": "127.0.0.1:%d",
                "managementListenAddress": "127.0.0.1:%d",
                "certificate": "%s",
                "privateKey": "%s",
                "httpPort": %d,
                "tlsPort": %d,
                "ocspResponderURL": "",
                "externalAccountBindingRequired": false,
                "certificateValidityPeriod": 7776000
              }}
              """
                  .formatted(
                      acmePort,
                      managementPort,
                      listener.cert(),
                      listener.key(),
                      httpPort,
                      TestHub.freePort()));
      processes.add(
          start(
              List.of(
                  "pebble-challtestsrv",
                  "-defaultIPv4",
                  "127.0.0.1",
                  "-defaultIPv6",
                  "",
                  "-dns01",
                  "127.0.0.1:" + dnsPort,
                  "-http01",
                  "",
                  "-https01",
                  "",
                  "-tlsalpn01",
                  "",
                  "-management",
                  "127.0.0.1:" + challengeManagementPort)));
      processes.add(
          start(
              List.of(
                  "pebble", "-config", config.toString(), "-dnsserver", "127.0.0.1:" + dnsPort)));
      SSLContext trustPebble = TestCertificates.trusting(Files.readString(listener.cert()));
      HttpClient pebble = HttpClient.newBuilder().sslContext(trustPebble).build();
      String directory = "https://localhost:" + acmePort + "/dir";
      waitFor(pebble, URI.create(directory));

      String domain = "hub-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
      List<String> acme =
          List.of(
              "--domain",
              domain,
              "--acme-email",
              "teacher@example.com",
              "--acme-directory",
              directory,
              "--acme-ca",
              listener.cert().toString(),
              "--http-port");
      // A first try whose order fails: pebble checks http-01 on a port where nothing answers.
      Cli failed = Cli.run(hub.args("up", args(acme, TestHub.freePort())));
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.err())
          .contains("The ACME server could not check that this hub answers for " + domain);

      long started = System.nanoTime();
      Cli up = Cli.run(hub.args("up", args(acme, httpPort)));
      System.out.printf(
          "up with a certificate from pebble: %.1f s%n", (System.nanoTime() - started) / 1e9);
      assertThat(up.exitCode()).as(up.err()).isZero();
      assertThat(up.out()).contains("Obtained a certificate for " + domain + ", valid until ");
      // A new hub whose first up fails keeps no volumes, so not the account that try registered
      // either: the second try registers its own.
      assertThat(accountCounts(tmp.resolve("pebble.log"))).containsExactly(1, 2);

      // pebble's issuing root, from its management interface, is all the client trusts.
      String root =
          pebble
              .send(
                  HttpRequest.newBuilder(
                          URI.create("https://localhost:" + managementPort + "/roots/0"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      SSLContext trustRoot = TestCertificates.trustingFor(root, domain);
      X509Certificate served = TestCertificates.presentedUnnamed(trustRoot, hub.port);
      assertThat(served.getSubjectAlternativeNames().toString()).contains(domain);
      assertThat(
              HubClient.at(URI.create("https://localhost:" + hub.port + "/"), trustRoot)
                  .login("user1", "user1"))
          .isTrue();
      assertThat(
              hub.exec(null, null, "stat", "-c", "%a", "/srv/quickhub/acme/account.pem").stdout())
          .isEqualTo("600\n");

      Cli renew = Cli.run("renew", "--name", hub.name);
      assertThat(renew.exitCode()).as(renew.err()).isZero();
      assertThat(renew.out())
          .startsWith("The certificate for " + domain + " is still valid until ");

      started = System.nanoTime();
      Cli forced = Cli.run("renew", "--name", hub.name, "--force");
      System.out.printf(
          "renew --force through the running hub: %.1f s%n", (System.nanoTime() - started) / 1e9);
      assertThat(forced.exitCode()).as(forced.err()).isZero();
      assertThat(forced.out()).startsWith("Renewed: Obtained a certificate for " + domain);
      X509Certificate renewed = TestCertificates.presentedUnnamed(trustRoot, hub.port);
      assertThat(renewed.getSerialNumber()).isNotEqualTo(served.getSerialNumber());

      // The ACME server gone: one sentence, and the hub keeps serving the certificate it has.
      processes.get(1).destroy();
      processes.get(1).waitFor();
      Cli unreachable = Cli.run("renew", "--name", hub.name, "--force");
      assertThat(unreachable.exitCode()).isEqualTo(1);
      String said = unreachable.err().strip().lines().reduce((first, last) -> last).orElse("");
      assertThat(said)
          .startsWith("quickhub: The ACME server at " + directory + " cannot be reached")
          .endsWith("(the hub keeps its certificate).");
      assertThat(TestCertificates.presentedUnnamed(trustRoot, hub.port)).isEqualTo(renewed);
    } finally {
      for (Process process : processes) {
        process.destroy();
        process.waitFor();
      }
    }
  }

  private static String[] args(List<String> acme, int httpPort) {
    List<String> args = new ArrayList<>(acme);
    args.add(String.valueOf(httpPort));
    return args.toArray(String[]::new);
  }

  /** The number of accounts pebble says it holds after each registration. */
  private static List<Integer> accountCounts(Path log) throws Exception {
    Pattern line = Pattern.compile("There are now (\\d+) accounts in memory");
    return Files.readAllLines(log).stream()
        .map(line::matcher)
        .filter(Matcher::find)
        .map(m -> Integer.valueOf(m.group(1)))
        .toList();
  }

  private Process start(List<String> command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve(command.get(0) + ".log").toFile());
    builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
    builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
    return builder.start();
  }

  private static void waitFor(HttpClient client, URI uri) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      try {
        client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
        return;
      } catch (java.io.IOException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
