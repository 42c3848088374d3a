package dev.quickhub.image;

import dev.quickhub.report.ControlCharacters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate a registry presents, read without trusting it, to name it when it is not trusted.
 * Only the handshake is made; nothing is sent.
 */
final class PresentedCertificate {

  private static final int TIMEOUT_MILLIS = 5000;

  private PresentedCertificate() {}

  /** Subject, issuer and SHA-256 fingerprint of what {@code registry} (host[:port]) presents. */
  static Optional<String> of(String registry) {
    URI uri = URI.create("https://" + registry);
    int port = uri.getPort() < 0 ? 443 : uri.getPort();
    try {
      SSLContext any = SSLContext.getInstance("TLS");
      any.init(null, new TrustManager[] {new Unchecked()}, null);
      try (SSLSocket socket = (SSLSocket) any.getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.startHandshake();
        X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        return Optional.of(
            // A certificate's names are anyone's text: escaped before they reach a terminal.
            ControlCharacters.escaped(leaf.getSubjectX500Principal().getName())
                + ", issued by "
                + ControlCharacters.escaped(leaf.getIssuerX500Principal().getName())
                + ", SHA-256 "
                + HexFormat.ofDelimiter(":")
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded())));
      }
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Accepts any chain: the certificate is only read here, to be named. */
  private static final class Unchecked implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String type) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String type) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
