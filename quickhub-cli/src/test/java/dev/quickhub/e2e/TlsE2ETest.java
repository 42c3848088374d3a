package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.QuickHub;
import dev.quickhub.client.HubClient;
import dev.quickhub.image.ImageSources;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS hubs: an own certificate, a self-signed one, the HTTP redirect, bad input that keeps the
 * previous certificate, and the public-bind rules. Real engine, real TLS clients on loopback.
 */
class TlsE2ETest {

  @TempDir Path tmp;

  @Test
  void ownCertificateServesHttpsRedirectsHttpAndBadInputKeepsIt() throws Exception {
    try (TestHub hub = new TestHub()) {
      TestCertificates.Made own = TestCertificates.current(tmp, "own");
      int httpPort = TestHub.freePort();
      long started = System.nanoTime();
      Cli up =
          Cli.run(
              hub.args(
                  "up",
                  "--tls-cert",
                  own.cert().toString(),
                  "--tls-key",
                  own.key().toString(),
                  "--http-port",
                  String.valueOf(httpPort)));
      System.out.printf(
          "up with an own certificate: %.1f s%n", (System.nanoTime() - started) / 1e9);
      assertThat(up.exitCode()).as(up.err()).isZero();
      assertThat(up.out()).contains("is up at https://localhost:" + hub.port + "/");
      URI https = URI.create("https://localhost:" + hub.port + "/");
      SSLContext trustOwn = TestCertificates.trusting(Files.readString(own.cert()));
      assertThat(TestCertificates.presented(trustOwn, hub.port)).isEqualTo(own.certificate());
      assertThat(HubClient.at(https, trustOwn).login("user1", "user1")).isTrue();

      // The key is on the srv volume, 0600 root, and nowhere in the container's settings or log.
      assertThat(hub.exec(null, null, "stat", "-c", "%a %U", "/srv/quickhub/tls/key.pem").stdout())
          .isEqualTo("600 root\n");
      var container = hub.docker().inspectContainerCmd(hub.name).exec();
      assertThat(String.join("\n", container.getConfig().getEnv())).doesNotContain("PRIVATE KEY");
      assertThat(container.getConfig().getLabels().toString()).doesNotContain("PRIVATE KEY");
      assertThat(Cli.run("logs", "--name", hub.name).out()).doesNotContain("PRIVATE KEY");

      // Plain HTTP redirects to HTTPS, keeping the path.
      HttpResponse<Void> redirect =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + httpPort + "/hub/login?next=%2F"))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      assertThat(redirect.statusCode()).isEqualTo(301);
      assertThat(redirect.headers().firstValue("Location"))
          .hasValue("https://localhost:" + hub.port + "/hub/login?next=%2F");

      // Bad input: one sentence each, exit 1, and the hub keeps serving its certificate.
      TestCertificates.Made other = TestCertificates.current(tmp, "other");
      Cli wrongKey =
          Cli.run(
              hub.args(
                  "up", "--tls-cert", own.cert().toString(), "--tls-key", other.key().toString()));
      assertThat(wrongKey.exitCode()).isEqualTo(1);
      assertThat(wrongKey.err().strip())
          .isEqualTo(
              "quickhub: The key in "
                  + other.key()
                  + " does not belong to the certificate in "
                  + own.cert()
                  + "; give the key the certificate was made for with --tls-key.");
      Instant now = Instant.now();
      TestCertificates.Made expired =
          TestCertificates.make(
              tmp, "expired", now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(1)), false);
      Cli old =
          Cli.run(
              hub.args(
                  "up",
                  "--tls-cert",
                  expired.cert().toString(),
                  "--tls-key",
                  expired.key().toString()));
      assertThat(old.exitCode()).isEqualTo(1);
      assertThat(old.err())
          .contains("The certificate in " + expired.cert() + " expired on ")
          .contains("give a current certificate");
      Path missing = tmp.resolve("missing-key.pem");
      Cli unreadable =
          Cli.run(
              hub.args("up", "--tls-cert", own.cert().toString(), "--tls-key", missing.toString()));
      assertThat(unreadable.exitCode()).isEqualTo(1);
      assertThat(unreadable.err().strip())
          .isEqualTo(
              "quickhub: The key file "
                  + missing
                  + " cannot be read (no such file); make it readable for the launcher or give"
                  + " another with --tls-key.");
      assertThat(TestCertificates.presented(trustOwn, hub.port)).isEqualTo(own.certificate());

      // A self-signed certificate: the fingerprint printed is the one the hub presents.
      Cli selfSigned = Cli.run(hub.args("up", "--self-signed"));
      assertThat(selfSigned.exitCode()).as(selfSigned.err()).isZero();
      Matcher printed =
          Pattern.compile("SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})")
              .matcher(selfSigned.out());
      assertThat(printed.find()).as(selfSigned.out()).isTrue();
      String served = hub.exec(null, null, "cat", "/srv/quickhub/tls/cert.pem").stdout();
      SSLContext trustServed = TestCertificates.trusting(served);
      assertThat(TestCertificates.fingerprint(TestCertificates.presented(trustServed, hub.port)))
          .isEqualTo(printed.group(1));
      assertThat(HubClient.at(https, trustServed).login("user1", "user1")).isTrue();
    }
  }

  @Test
  void publicBindNeedsHttpsAndChangedPasswords() throws Exception {
    try (TestHub hub = new TestHub()) {
      Cli plain = Cli.run(hub.args("up", "--bind", "0.0.0.0"));
      assertThat(plain.exitCode()).isEqualTo(1);
      assertThat(plain.err().strip())
          .startsWith(
              "quickhub: Refusing to publish hub " + hub.name + " on 0.0.0.0 over plain HTTP")
          .contains("--insecure-http")
          .hasLineCount(1);

      Cli defaults = Cli.run(hub.args("up", "--bind", "0.0.0.0", "--self-signed"));
      assertThat(defaults.exitCode()).isEqualTo(1);
      assertThat(defaults.err()).contains("admin, user1 still use the default password");

      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
      for (String user : new String[] {"admin", "user1"}) {
        Cli passwd =
            Cli.runWithStdin(
                user + "-new-pw\n",
                "users",
                "passwd",
                "--name",
                hub.name,
                user,
                "--password-stdin");
        assertThat(passwd.exitCode()).as(passwd.err()).isZero();
      }
      Cli open = Cli.run(hub.args("up", "--bind", "0.0.0.0", "--self-signed"));
      assertThat(open.exitCode()).as(open.err()).isZero();
      String served = hub.exec(null, null, "cat", "/srv/quickhub/tls/cert.pem").stdout();
      assertThat(
              HubClient.at(
                      URI.create("https://localhost:" + hub.port + "/"),
                      TestCertificates.trusting(served))
                  .login("user1", "user1-new-pw"))
          .isTrue();
    }
  }

  /**
   * Every account ever given its name as password is checked, not only the current seed list's: a
   * hub started with the shipped list, then given another, still has admin/admin (in sudo).
   */
  @Test
  void aChangedSeedListHidesNoDefaultPassword(@TempDir Path tmp) throws Exception {
    try (TestHub hub = new TestHub()) {
      assertThat(Cli.run(hub.args("up")).exitCode()).isZero();
      Cli passwd =
          Cli.runWithStdin(
              "user1-new-pw\n", "users", "passwd", "--name", hub.name, "user1", "--password-stdin");
      assertThat(passwd.exitCode()).as(passwd.err()).isZero();
      ImageSources changed = Sources.copy(tmp.resolve("src"));
      Files.writeString(
          tmp.resolve("src/users/seed.csv"), "username,full_name,groups,admin\nuser1,,,false\n");
      QuickHub republished =
          QuickHub.builder()
              .sources(changed)
              .name(hub.name)
              .imageTag(hub.image("seed"))
              .port(hub.port)
              .bind("0.0.0.0")
              .tls(new TlsSettings(TlsSettings.SELF_SIGNED, null, null, null, null, null, null))
              .build();
      assertThatThrownBy(republished::up)
          .isInstanceOf(QuickHubException.class)
          .hasMessageContaining("while admin still use the default password");
      assertThat(
              hub.docker()
                  .inspectContainerCmd(hub.name)
                  .exec()
                  .getHostConfig()
                  .getPortBindings()
                  .getBindings()
                  .values()
                  .iterator()
                  .next()[0]
                  .getHostIp())
          .as("still on loopback")
          .isEqualTo("127.0.0.1");
    }
  }
}
