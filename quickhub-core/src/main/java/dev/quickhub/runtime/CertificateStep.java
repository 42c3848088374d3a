package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import dev.quickhub.engine.Engine;
import dev.quickhub.engine.VolumeFiles;
import dev.quickhub.report.Progress;
import dev.quickhub.tls.ChallengeResponder;
import dev.quickhub.tls.HubCertificates;
import dev.quickhub.tls.TlsCertificate;
import dev.quickhub.volumes.VolumeSet;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Step: makes sure the hub's srv volume holds the certificate asked for (given files, self-signed,
 * or from an ACME server, whose challenges a running container answers). Renewal uses it too.
 */
final class CertificateStep implements UpStep {

  private final DockerClient docker;
  private final VolumeAccess volumeAccess;
  private final ChallengeServer challengeServer;
  private final Progress progress;

  CertificateStep(Engine engine, Progress progress) {
    this.docker = engine.client();
    this.volumeAccess = new VolumeAccess(docker);
    this.challengeServer = new ChallengeServer(engine);
    this.progress = progress;
  }

  @Override
  public void run(UpState up) {
    up.certificateRequest()
        .ifPresent(
            request -> up.certified(ensure(up.spec(), up.image().id(), up.volumes(), request)));
  }

  /**
   * The certificate as {@code request} says, written to the volumes of the hub on {@code image}.
   */
  HubCertificates.Outcome ensure(
      HubSpec spec, String image, VolumeSet volumes, HubCertificates.Request request) {
    Instant now = Instant.now();
    boolean acme =
        volumeAccess.with(spec, image, volumes, id -> certificates(id).needsAcme(request, now));
    if (acme) {
      return challengeServer.with(
          spec,
          image,
          volumes,
          id -> certificates(id).ensure(request, () -> HubCertificates.responder(docker, id), now));
    }
    Supplier<ChallengeResponder> none =
        () -> {
          throw new IllegalStateException("no ACME needed");
        };
    return volumeAccess.with(
        spec, image, volumes, id -> certificates(id).ensure(request, none, now));
  }

  /** Reads and checks given certificate files at once, so bad files change nothing. */
  static void checkGivenFiles(HubCertificates.Request request, Instant now) {
    if (request.certFile().isPresent() && request.keyFile().isPresent()) {
      TlsCertificate.read(request.certFile().get(), request.keyFile().get())
          .requireCurrent(now, request.certFile().get().toString());
    }
  }

  private HubCertificates certificates(String container) {
    return new HubCertificates(new VolumeFiles(docker, container), progress);
  }
}
