package dev.quickhub.image;

import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The system's CAs plus one more, for a push to a private registry. Jib has no setting of its own
 * for this: its HTTPS connections take the JVM's default TLS context, so that is swapped for this
 * one while the push runs, and put back after.
 */
final class RegistryTrust {

  /** The system's CAs alone: nothing to swap. */
  static final RegistryTrust SYSTEM = new RegistryTrust(null);

  private static final ReentrantLock LOCK = new ReentrantLock();

  private final SSLContext context;

  private RegistryTrust(SSLContext context) {
    this.context = context;
  }

  /** The system's CAs and those in the PEM file {@code ca}. */
  static RegistryTrust with(Path ca) {
    Collection<? extends Certificate> added = read(ca);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate system : systemTrust().getAcceptedIssuers()) {
        store.setCertificateEntry("system-" + i++, system);
      }
      i = 0;
      for (Certificate certificate : added) {
        store.setCertificateEntry("registry-ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return new RegistryTrust(context);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a TLS context", e);
    }
  }

  /**
   * Makes this trust the JVM's default TLS context until the returned swap is closed; one swap at a
   * time. The system's own trust swaps nothing.
   */
  Swap install() {
    if (context == null) {
      return () -> {};
    }
    LOCK.lock();
    try {
      SSLContext before = SSLContext.getDefault();
      SSLContext.setDefault(context);
      return () -> {
        SSLContext.setDefault(before);
        LOCK.unlock();
      };
    } catch (GeneralSecurityException | RuntimeException e) {
      LOCK.unlock();
      throw new IllegalStateException("no default TLS context", e);
    }
  }

  /** A swapped default TLS context, put back on close. */
  interface Swap extends AutoCloseable {
    @Override
    void close();
  }

  private static Collection<? extends Certificate> read(Path ca) {
    try (InputStream in = Files.newInputStream(ca)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (!certificates.isEmpty()) {
        return certificates;
      }
    } catch (IOException e) {
      throw new QuickHubException(
          Message.of(
              "Cannot read the registry's CA certificate {} ({}); give a readable PEM file with {}.",
              ca,
              String.valueOf(e.getMessage()),
              Setting.REGISTRY_CA),
          e);
    } catch (GeneralSecurityException e) {
      // the sentence below
    }
    throw new QuickHubException(
        Message.of(
            "{} holds no certificate; give the registry's CA certificate in PEM (-----BEGIN"
                + " CERTIFICATE-----) with {}.",
            ca,
            Setting.REGISTRY_CA));
  }

  private static X509TrustManager systemTrust() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }
}
