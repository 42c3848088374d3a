package dev.quickhub.tls;

import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.VolumeFiles;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The certificate a hub serves, kept on its srv volume: {@code tls/cert.pem}, {@code tls/key.pem}
 * (0600) and {@code tls/source}; for ACME also the account key {@code acme/account.pem} (0600).
 * Every new certificate is checked before it is written, so a failure leaves the previous one.
 */
public final class HubCertificates {

  static final String PARENT = ImageContract.get().volumePath("srv");
  static final String TLS_DIR = ImageContract.get().statePath("tls");
  private static final String ACCOUNT_KEY = PARENT + "/acme/account.pem";

  /** What became of the hub's certificate. */
  public record Outcome(TlsCertificate certificate, boolean changed, String summary) {}

  /** A certificate request: the settings and, for {@code cert}, the files given this time. */
  public record Request(
      TlsSettings settings, Optional<Path> certFile, Optional<Path> keyFile, boolean force) {}

  private final VolumeFiles files;
  private final Progress progress;

  public HubCertificates(VolumeFiles files, Progress progress) {
    this.files = files;
    this.progress = progress;
  }

  /**
   * Makes sure the volume holds a current certificate as {@code request} says; {@code responder} is
   * asked for only when ACME must be used.
   */
  public Outcome ensure(Request request, Supplier<ChallengeResponder> responder, Instant now) {
    TlsSettings tls = request.settings();
    Optional<TlsCertificate> current = current();
    String source = files.read(TLS_DIR + "/source").map(String::strip).orElse("");
    return switch (tls.mode()) {
      case TlsSettings.CERT -> given(request, current, now);
      case TlsSettings.SELF_SIGNED -> {
        boolean keep =
            !request.force()
                && source.equals(TlsSettings.SELF_SIGNED)
                && current.filter(c -> !Renewal.due(c.notAfter(), now)).isPresent();
        TlsCertificate certificate =
            keep
                ? current.get()
                : install(SelfSigned.make(List.of(), now), TlsSettings.SELF_SIGNED);
        yield new Outcome(
            certificate,
            !keep,
            "HTTPS with a self-signed certificate (browsers warn), SHA-256 fingerprint "
                + certificate.fingerprint()
                + ", valid until "
                + date(certificate.notAfter())
                + ".");
      }
      case TlsSettings.ACME -> acme(request, current, source, responder, now);
      default -> throw new IllegalArgumentException(tls.mode());
    };
  }

  private Outcome given(Request request, Optional<TlsCertificate> current, Instant now) {
    if (request.certFile().isPresent() || request.keyFile().isPresent()) {
      Path certFile =
          request.certFile().orElseThrow(() -> needsBoth(Setting.TLS_KEY, Setting.TLS_CERT));
      Path keyFile =
          request.keyFile().orElseThrow(() -> needsBoth(Setting.TLS_CERT, Setting.TLS_KEY));
      TlsCertificate given =
          TlsCertificate.read(certFile, keyFile).requireCurrent(now, certFile.toString());
      boolean changed = current.map(c -> !c.fingerprint().equals(given.fingerprint())).orElse(true);
      if (changed) {
        install(given, TlsSettings.CERT);
      }
      return new Outcome(given, changed, validity(given, "the given certificate"));
    }
    TlsCertificate kept =
        current.orElseThrow(
            () ->
                new QuickHubException(
                    Message.of(
                        "The hub has no certificate yet; give one with {} and {}.",
                        Setting.TLS_CERT,
                        Setting.TLS_KEY)));
    kept.requireCurrent(now, "the hub");
    if (Renewal.due(kept.notAfter(), now)) {
      progress.say(
          Message.of(
              "The hub's certificate expires on {}; give a new one with {} and {} soon.",
              date(kept.notAfter()),
              Setting.TLS_CERT,
              Setting.TLS_KEY));
    }
    return new Outcome(kept, false, validity(kept, "its certificate"));
  }

  private static QuickHubException needsBoth(Setting given, Setting missing) {
    return new QuickHubException(Message.of("{} needs {}; give both.", given, missing));
  }

  private Outcome acme(
      Request request,
      Optional<TlsCertificate> current,
      String source,
      Supplier<ChallengeResponder> responder,
      Instant now) {
    TlsSettings tls = request.settings();
    String domain = tls.domain();
    if (!needsAcme(request, now)) {
      return new Outcome(
          current.get(),
          false,
          "The certificate for "
              + domain
              + " is still valid until "
              + date(current.get().notAfter())
              + ".");
    }
    KeyPair account = files.read(ACCOUNT_KEY).map(HubCertificates::keyPair).orElse(null);
    if (account == null) {
      // Kept before the first request, so a failed order leaves an account the next try reuses.
      account = AcmeIssuer.newAccountKey();
      files.write(PARENT, "acme", Map.of("account.pem", pem(account)), 0700, 0600);
    }
    AcmeIssuer issuer =
        new AcmeIssuer(
            URI.create(tls.acmeDirectory() != null ? tls.acmeDirectory() : AcmeIssuer.LETS_ENCRYPT),
            Optional.ofNullable(tls.acmeCa()).map(Path::of));
    progress.say("Obtaining a certificate for " + domain + " from " + issuer.directory() + " ...");
    TlsCertificate issued = issuer.issue(account, tls.acmeEmail(), domain, responder.get());
    install(issued, TlsSettings.ACME);
    return new Outcome(
        issued,
        true,
        "Obtained a certificate for " + domain + ", valid until " + date(issued.notAfter()) + ".");
  }

  /** True when {@code request} needs a new certificate from the ACME server now. */
  public boolean needsAcme(Request request, Instant now) {
    TlsSettings tls = request.settings();
    if (!TlsSettings.ACME.equals(tls.mode())) {
      return false;
    }
    String source = files.read(TLS_DIR + "/source").map(String::strip).orElse("");
    return request.force()
        || !source.equals(TlsSettings.ACME)
        || current()
            .filter(c -> c.covers(tls.domain()) && !Renewal.due(c.notAfter(), now))
            .isEmpty();
  }

  /** Answers challenges in {@code container}, a running container that mounts the srv volume. */
  public static ChallengeResponder responder(
      com.github.dockerjava.api.DockerClient docker, String container) {
    return new VolumeResponder(
        new VolumeFiles(docker, container), new ContainerExec(docker), container);
  }

  /** The certificate on the volume, if it holds a matching pair. */
  public Optional<TlsCertificate> current() {
    Optional<String> chain = files.read(TLS_DIR + "/cert.pem");
    Optional<String> key = files.read(TLS_DIR + "/key.pem");
    if (chain.isEmpty() || key.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(TlsCertificate.parse(chain.get(), key.get()));
  }

  private TlsCertificate install(TlsCertificate certificate, String source) {
    Map<String, String> tls = new LinkedHashMap<>();
    tls.put("cert.pem", certificate.chainPem());
    tls.put("key.pem", certificate.keyPem());
    tls.put("source", source + "\n");
    files.write(PARENT, "tls", tls, 0700, 0600);
    return certificate;
  }

  private static String validity(TlsCertificate certificate, String what) {
    return "HTTPS with "
        + what
        + " for "
        + String.join(", ", certificate.names())
        + ", valid until "
        + date(certificate.notAfter())
        + ".";
  }

  static String date(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
  }

  private static KeyPair keyPair(String pem) {
    try {
      return KeyPairUtils.readKeyPair(new StringReader(pem));
    } catch (IOException e) {
      throw new QuickHubException(
          "The ACME account key on the hub's srv volume (acme/account.pem) is unreadable; remove it"
              + " to register a new account.",
          e);
    }
  }

  private static String pem(KeyPair pair) {
    StringWriter text = new StringWriter();
    try {
      KeyPairUtils.writeKeyPair(pair, text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return text.toString();
  }
}
