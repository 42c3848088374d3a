package dev.quickhub.tls;

import static dev.quickhub.cli.AsCli.asCli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificateTest {

  @TempDir Path tmp;

  private final Instant now = Instant.now();

  @Test
  void aMatchingPairIsReadWithItsNamesAndFingerprint() throws Exception {
    TlsCertificate made = SelfSigned.make(List.of("hub.example.org"), now);
    Path cert = write("cert.pem", made.chainPem());
    Path key = write("key.pem", made.keyPem());
    TlsCertificate read = TlsCertificate.read(cert, key).requireCurrent(now, cert.toString());
    assertThat(read.names()).contains("hub.example.org", "localhost", "127.0.0.1");
    assertThat(read.covers("HUB.example.org")).isTrue();
    assertThat(read.covers("other.example.org")).isFalse();
    assertThat(read.fingerprint())
        .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}")
        .isEqualTo(made.fingerprint());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    Path cert = write("cert.pem", SelfSigned.make(List.of(), now).chainPem());
    Path key = write("key.pem", SelfSigned.make(List.of(), now).keyPem());
    assertThatThrownBy(asCli(() -> TlsCertificate.read(cert, key)))
        .isInstanceOf(QuickHubException.class)
        .hasMessage(
            "The key in "
                + key
                + " does not belong to the certificate in "
                + cert
                + "; give the key the certificate was made for with --tls-key.");
  }

  @Test
  void anExpiredCertificateIsRefusedWithItsDate() throws Exception {
    TlsCertificate old = SelfSigned.make(List.of(), now.minus(Duration.ofDays(400)));
    assertThatThrownBy(() -> old.requireCurrent(now, "cert.pem"))
        .isInstanceOf(QuickHubException.class)
        .hasMessageStartingWith("The certificate in cert.pem expired on " + old.notAfter())
        .hasMessageEndingWith("(the hub keeps the one it has).");
  }

  @Test
  void unreadableMissingAndWrongFilesAreNamed() throws Exception {
    TlsCertificate made = SelfSigned.make(List.of(), now);
    Path cert = write("cert.pem", made.chainPem());
    Path key = write("key.pem", made.keyPem());
    Path missing = tmp.resolve("missing.pem");
    assertThatThrownBy(asCli(() -> TlsCertificate.read(cert, missing)))
        .hasMessageContaining("The key file " + missing + " cannot be read (no such file)")
        .hasMessageEndingWith("--tls-key.");
    assertThatThrownBy(() -> TlsCertificate.read(key, key))
        .hasMessageContaining(
            "The certificate file " + key + " cannot be used: it holds no PEM certificate");
    assertThatThrownBy(() -> TlsCertificate.read(cert, cert))
        .hasMessageContaining(
            "The key file " + cert + " cannot be used: it holds no PEM private key");
    if (!"root".equals(System.getProperty("user.name"))) {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
      assertThatThrownBy(() -> TlsCertificate.read(cert, key))
          .hasMessageContaining("cannot be read (permission denied)");
    }
  }

  @Test
  void traditionalRsaKeysAsOpensslWritesThemAreRead() throws Exception {
    var generator = java.security.KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var pair = generator.generateKeyPair();
    assertThat(TlsCertificate.matches(pair.getPublic(), pair.getPrivate())).isTrue();
    var other = generator.generateKeyPair();
    assertThat(TlsCertificate.matches(pair.getPublic(), other.getPrivate())).isFalse();
    // "BEGIN RSA PRIVATE KEY" (PKCS#1), as 'openssl genrsa -traditional' writes it.
    String pkcs1 =
        Pem.encode(new org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator(pair.getPrivate()));
    assertThat(pkcs1).contains("BEGIN RSA PRIVATE KEY");
    assertThat(Pem.privateKey(pkcs1).getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void renewalIsDueWithLessThanThirtyDaysLeft() {
    assertThat(Renewal.due(now.plus(Duration.ofDays(31)), now)).isFalse();
    assertThat(Renewal.due(now.plus(Duration.ofDays(29)), now)).isTrue();
    assertThat(Renewal.due(now.minus(Duration.ofDays(1)), now)).isTrue();
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text);
  }
}
