package dev.quickhub.e2e;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates the tests make themselves with BouncyCastle, written as PEM files. */
final class TestCertificates {

  record Made(Path cert, Path key, X509Certificate certificate, KeyPair keys) {
    String fingerprint() throws Exception {
      return TestCertificates.fingerprint(certificate);
    }
  }

  private TestCertificates() {}

  static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  /** A certificate for localhost and 127.0.0.1 valid from {@code from} to {@code to}. */
  static Made make(Path dir, String stem, Instant from, Instant to, boolean ca) throws Exception {
    KeyPair keys = rsa();
    X500Name subject = new X500Name("CN=" + stem);
    var builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(System.nanoTime()),
            Date.from(from),
            Date.from(to),
            subject,
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    Path cert = Files.writeString(dir.resolve(stem + "-cert.pem"), pem(certificate));
    Path key = Files.writeString(dir.resolve(stem + "-key.pem"), pem(keys.getPrivate()));
    return new Made(cert, key, certificate, keys);
  }

  /** A CA of the test's own, valid from an hour ago for 60 days. */
  static Made ca(Path dir, String stem) throws Exception {
    Instant now = Instant.now();
    return make(dir, stem, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(60)), true);
  }

  /** A current certificate for localhost and 127.0.0.1 issued by {@code ca}. */
  static Made issuedBy(Made ca, Path dir, String stem) throws Exception {
    KeyPair keys = rsa();
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(ca.certificate().getSubjectX500Principal().getName()),
            BigInteger.valueOf(System.nanoTime()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(60))),
            new X500Name("CN=" + stem),
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(ca.keys().getPrivate())));
    Path cert = Files.writeString(dir.resolve(stem + "-cert.pem"), pem(certificate));
    Path key = Files.writeString(dir.resolve(stem + "-key.pem"), pem(keys.getPrivate()));
    return new Made(cert, key, certificate, keys);
  }

  static Made current(Path dir, String stem) throws Exception {
    Instant now = Instant.now();
    return make(dir, stem, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(60)), false);
  }

  static String pem(Object object) throws Exception {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  /** A key store holding the certificates in {@code pem}, to trust them. */
  private static KeyStore caStore(String pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate certificate :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes()))) {
      store.setCertificateEntry("c" + i++, certificate);
    }
    return store;
  }

  /** TLS that trusts only the certificates in {@code pem}. */
  static SSLContext trusting(String pem) throws Exception {
    KeyStore store = caStore(pem);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /**
   * TLS that checks the chain against the CA in {@code pem} and the name against {@code domain},
   * for a hub reached on loopback by a client that cannot resolve the domain.
   */
  static SSLContext trustingFor(String pem, String domain) throws Exception {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    KeyStore store = caStore(pem);
    factory.init(store);
    javax.net.ssl.X509TrustManager pkix =
        (javax.net.ssl.X509TrustManager) factory.getTrustManagers()[0];
    javax.net.ssl.X509ExtendedTrustManager named =
        new javax.net.ssl.X509ExtendedTrustManager() {
          private void check(X509Certificate[] chain, String type)
              throws java.security.cert.CertificateException {
            pkix.checkServerTrusted(chain, type);
            try {
              boolean covers =
                  chain[0].getSubjectAlternativeNames().stream()
                      .anyMatch(name -> domain.equals(name.get(1)));
              if (!covers) {
                throw new java.security.cert.CertificateException("not for " + domain);
              }
            } catch (java.security.cert.CertificateParsingException e) {
              throw new java.security.cert.CertificateException(e);
            }
          }

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String type) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String type)
              throws java.security.cert.CertificateException {
            check(chain, type);
          }

          @Override
          public void checkClientTrusted(
              X509Certificate[] chain, String type, java.net.Socket socket) {}

          @Override
          public void checkServerTrusted(
              X509Certificate[] chain, String type, java.net.Socket socket)
              throws java.security.cert.CertificateException {
            check(chain, type);
          }

          @Override
          public void checkClientTrusted(
              X509Certificate[] chain, String type, javax.net.ssl.SSLEngine engine) {}

          @Override
          public void checkServerTrusted(
              X509Certificate[] chain, String type, javax.net.ssl.SSLEngine engine)
              throws java.security.cert.CertificateException {
            check(chain, type);
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new javax.net.ssl.TrustManager[] {named}, null);
    return context;
  }

  /** The leaf a TLS server on loopback {@code port} presents, with {@code ssl}'s own checks. */
  static X509Certificate presentedUnnamed(SSLContext ssl, int port) throws Exception {
    try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("localhost", port)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /**
   * The leaf certificate a TLS server on loopback {@code port} presents, checked by {@code ssl}.
   */
  static X509Certificate presented(SSLContext ssl, int port) throws Exception {
    try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("localhost", port)) {
      var parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  static String fingerprint(X509Certificate certificate) throws Exception {
    return HexFormat.ofDelimiter(":")
        .withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
  }
}
