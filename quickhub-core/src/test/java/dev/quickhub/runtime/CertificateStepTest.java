package dev.quickhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.engine.Engine;
import dev.quickhub.image.HubImage;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.tls.HubTls;
import dev.quickhub.tls.TlsSettings;
import dev.quickhub.volumes.VolumeSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateStepTest {

  @TempDir Path tmp;

  /** An engine nobody answers at: any question to it fails the test. */
  private final Engine nowhere = Engine.at("unix:///nonexistent/docker.sock", false);

  @Test
  void aHubOnPlainHttpHasNoCertificateStepToRun() {
    HubTls plain = new HubTls(TlsSettings.none(), Optional.empty(), Optional.empty());
    UpState up =
        new UpState(
            HubSpec.builder().build(),
            new HubImage("t", "sha256:aa", "b", "c"),
            VolumeSet.defaults(),
            plain.forUp(),
            Optional.empty());
    new CertificateStep(nowhere, Progress.silent()).run(up);
    assertThat(up.certificate()).isEmpty();
    assertThat(up.newCertificate()).isFalse();
  }

  @Test
  void givenFilesAreReadBeforeAnythingIsBuilt() throws Exception {
    Path cert = Files.writeString(tmp.resolve("cert.pem"), "not a certificate");
    Path key = Files.writeString(tmp.resolve("key.pem"), "not a key");
    HubTls own =
        new HubTls(
            new TlsSettings(TlsSettings.CERT, null, null, null, null, null, null),
            Optional.of(cert),
            Optional.of(key));
    assertThatThrownBy(() -> CertificateStep.checkGivenFiles(own.request(false), Instant.now()))
        .isInstanceOf(QuickHubException.class);
  }
}
