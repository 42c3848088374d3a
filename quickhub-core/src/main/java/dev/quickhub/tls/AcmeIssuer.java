package dev.quickhub.tls;

import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains a certificate for one domain from an ACME server (Let's Encrypt by default) with acme4j,
 * answering the http-01 challenge through a {@link ChallengeResponder}.
 */
public final class AcmeIssuer {

  /** Let's Encrypt's production directory. */
  public static final String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

  private static final Logger LOG = LoggerFactory.getLogger(AcmeIssuer.class);
  private static final Duration WAIT = Duration.ofMinutes(3);

  private final URI directory;
  private final SSLContext ssl;

  /**
   * An issuer for the server at {@code directory}; {@code caFile}, when given, is the only CA
   * trusted for its HTTPS (for a private or test ACME server such as pebble).
   */
  public AcmeIssuer(URI directory, Optional<Path> caFile) {
    this.directory = directory;
    this.ssl = caFile.map(AcmeIssuer::trusting).orElse(null);
  }

  public URI directory() {
    return directory;
  }

  static {
    // acme4j signs its requests and builds the CSR with BouncyCastle's provider.
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  /** A new account key: RSA, which every ACME server accepts and which is stored plainly. */
  public static KeyPair newAccountKey() {
    return KeyPairUtils.createKeyPair(2048);
  }

  /**
   * Registers (or finds) the account of {@code accountKey}, proves control of {@code domain} and
   * returns the new certificate with a new key.
   */
  public TlsCertificate issue(
      KeyPair accountKey, String email, String domain, ChallengeResponder responder) {
    try {
      Session session = new Session(directory, new Provider(ssl));
      AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
      if (email != null) {
        builder.addEmail(email);
      }
      Account account = builder.create(session);
      Order order = account.newOrder().domain(domain).create();
      for (Authorization authorization : order.getAuthorizations()) {
        if (authorization.getStatus() != Status.VALID) {
          prove(authorization, domain, responder);
        }
      }
      KeyPair domainKey = domainKey();
      order.waitUntilReady(WAIT);
      order.execute(domainKey);
      if (order.waitForCompletion(WAIT) != Status.VALID) {
        throw new QuickHubException(
            "The ACME server at "
                + directory
                + " did not issue the certificate for "
                + domain
                + problem(order.getError())
                + "; try again later (the hub keeps its certificate).");
      }
      return TlsCertificate.of(
          order.getCertificate().getCertificateChain(), domainKey.getPrivate());
    } catch (AcmeNetworkException e) {
      throw unreachable(e);
    } catch (AcmeException e) {
      if (e.getCause() instanceof IOException) {
        throw unreachable(e);
      }
      throw new QuickHubException(
          Message.of(
              "The ACME server at {} refused the certificate for {}: {}; check {}, {} and {} (the"
                  + " hub keeps its certificate).",
              directory,
              domain,
              String.valueOf(e.getMessage()),
              Setting.DOMAIN,
              Setting.ACME_EMAIL,
              Setting.ACME_DIRECTORY),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException(
          "Interrupted while obtaining the certificate for " + domain + ".");
    }
  }

  /** A new P-256 key for the certificate, made by the JDK so any TLS server reads it. */
  private static KeyPair domainKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void prove(Authorization authorization, String domain, ChallengeResponder responder)
      throws AcmeException, InterruptedException {
    Http01Challenge challenge =
        authorization
            .findChallenge(Http01Challenge.class)
            .orElseThrow(
                () ->
                    new QuickHubException(
                        "The ACME server at "
                            + directory
                            + " offers no http-01 challenge for "
                            + domain
                            + "; quickhub answers only http-01, so use another ACME server."));
    responder.put(challenge.getToken(), challenge.getAuthorization());
    try {
      challenge.trigger();
      Status status = challenge.waitForCompletion(WAIT);
      LOG.info("http-01 challenge for {}: {}", domain, status);
      if (status != Status.VALID) {
        throw new QuickHubException(
            Message.of(
                "The ACME server could not check that this hub answers for {}{}; make sure {}"
                    + " points at this machine and {} is reachable from the internet as port 80.",
                domain,
                problem(challenge.getError()),
                domain,
                Setting.HTTP_PORT));
      }
    } finally {
      responder.remove(challenge.getToken());
    }
  }

  private static String problem(Optional<org.shredzone.acme4j.Problem> problem) {
    return problem.map(p -> " (" + p + ")").orElse("");
  }

  private QuickHubException unreachable(Exception e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new QuickHubException(
        Message.of(
            "The ACME server at {} cannot be reached ({}{}); check {} and the network, then run the"
                + " command again (the hub keeps its certificate).",
            directory,
            root.getClass().getSimpleName(),
            root.getMessage() != null ? ": " + root.getMessage() : "",
            Setting.ACME_DIRECTORY),
        e);
  }

  /** TLS that trusts exactly the CA certificates in {@code caFile}. */
  private static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + i++, (X509Certificate) certificate);
      }
      if (i == 0) {
        throw new GeneralSecurityException("no certificate in it");
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new QuickHubException(
          Message.of(
              "The CA file {} cannot be used ({}); give the PEM certificate of the ACME server's CA"
                  + " with {}.",
              caFile,
              String.valueOf(e.getMessage()),
              Setting.ACME_CA),
          e);
    }
  }

  /** acme4j's generic provider, with the given TLS trust for the ACME server's own HTTPS. */
  private static final class Provider extends GenericAcmeProvider {
    private final SSLContext ssl;

    Provider(SSLContext ssl) {
      this.ssl = ssl;
    }

    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings) {
      return new HttpConnector(settings) {
        @Override
        public HttpClient.Builder createClientBuilder() {
          HttpClient.Builder builder = super.createClientBuilder();
          return ssl != null ? builder.sslContext(ssl) : builder;
        }
      };
    }
  }
}
