package dev.quickhub.tls;

import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A certificate chain (leaf first) with the leaf's private key, as PEM text for the hub's proxy.
 * Made only from a pair whose key matches; {@link #requireCurrent} refuses an expired one.
 */
public final class TlsCertificate {

  private final List<X509Certificate> chain;
  private final String chainPem;
  private final String keyPem;

  private TlsCertificate(List<X509Certificate> chain, String chainPem, String keyPem) {
    this.chain = List.copyOf(chain);
    this.chainPem = chainPem;
    this.keyPem = keyPem;
  }

  /**
   * Reads the files given as certificate and key, checking that they are PEM and that the key
   * belongs to the certificate.
   */
  public static TlsCertificate read(Path certFile, Path keyFile) {
    String certText = readText(certFile, "certificate", Setting.TLS_CERT);
    String keyText = readText(keyFile, "key", Setting.TLS_KEY);
    List<X509Certificate> chain;
    try {
      chain = Pem.certificates(certText);
    } catch (Pem.Unreadable e) {
      throw new QuickHubException(
          Message.of(
              "The certificate file {} cannot be used: {}; give the PEM certificate (chain) with {}.",
              certFile,
              String.valueOf(e.getMessage()),
              Setting.TLS_CERT));
    }
    PrivateKey key;
    try {
      key = Pem.privateKey(keyText);
    } catch (Pem.Unreadable e) {
      throw new QuickHubException(
          Message.of(
              "The key file {} cannot be used: {}; give the certificate's unencrypted PEM private"
                  + " key with {}.",
              keyFile,
              String.valueOf(e.getMessage()),
              Setting.TLS_KEY));
    }
    if (!matches(chain.get(0).getPublicKey(), key)) {
      throw new QuickHubException(
          Message.of(
              "The key in {} does not belong to the certificate in {}; give the key the"
                  + " certificate was made for with {}.",
              keyFile,
              certFile,
              Setting.TLS_KEY));
    }
    return new TlsCertificate(chain, certText, keyText);
  }

  /** A pair from PEM text the launcher made or kept itself; null when it does not hold one. */
  static TlsCertificate parse(String chainPem, String keyPem) {
    try {
      List<X509Certificate> chain = Pem.certificates(chainPem);
      PrivateKey key = Pem.privateKey(keyPem);
      return matches(chain.get(0).getPublicKey(), key)
          ? new TlsCertificate(chain, chainPem, keyPem)
          : null;
    } catch (Pem.Unreadable e) {
      return null;
    }
  }

  /** A pair made here from objects, such as a self-signed or an ACME certificate. */
  static TlsCertificate of(List<X509Certificate> chain, PrivateKey key) {
    return new TlsCertificate(chain, Pem.encode(chain.toArray()), Pem.pkcs8(key));
  }

  private static String readText(Path file, String what, Setting option) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | SecurityException e) {
      throw new QuickHubException(
          Message.of(
              "The {} file {} cannot be read ({}); make it readable for the launcher or give"
                  + " another with {}.",
              what,
              file,
              reason(e),
              option));
    }
  }

  private static String reason(Exception e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e instanceof java.nio.file.AccessDeniedException
            ? "permission denied"
            : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /**
   * True when {@code key} is the private half of {@code publicKey}: a signature made with the one
   * verifies with the other, which works alike for RSA, EC and EdDSA keys.
   */
  static boolean matches(PublicKey publicKey, PrivateKey key) {
    // By key type, not name: providers call EC keys "EC" or "ECDSA".
    String algorithm =
        key instanceof java.security.interfaces.RSAKey
                && publicKey instanceof java.security.interfaces.RSAKey
            ? "SHA256withRSA"
            : key instanceof java.security.interfaces.ECKey
                    && publicKey instanceof java.security.interfaces.ECKey
                ? "SHA256withECDSA"
                : key.getAlgorithm().startsWith("Ed") && publicKey.getAlgorithm().startsWith("Ed")
                    ? "EdDSA"
                    : null;
    if (algorithm == null) {
      return false;
    }
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Refuses a certificate that is expired or not yet valid at {@code now}. */
  public TlsCertificate requireCurrent(Instant now, String source) {
    if (now.isAfter(notAfter())) {
      throw new QuickHubException(
          "The certificate in "
              + source
              + " expired on "
              + notAfter()
              + "; give a current certificate (the hub keeps the one it has).");
    }
    if (now.isBefore(leaf().getNotBefore().toInstant())) {
      throw new QuickHubException(
          "The certificate in "
              + source
              + " is valid only from "
              + leaf().getNotBefore().toInstant()
              + "; check this machine's clock or give a current certificate.");
    }
    return this;
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  /** The DNS names and IP addresses the certificate is for. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    try {
      var alternatives = leaf().getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> name : alternatives) {
          Object type = name.get(0);
          if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) {
            names.add(String.valueOf(name.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // No readable names: the certificate is then for no name at all.
    }
    return names;
  }

  /** True when the certificate names {@code domain} exactly. */
  public boolean covers(String domain) {
    return names().stream().anyMatch(name -> name.equalsIgnoreCase(domain));
  }

  /** The SHA-256 fingerprint of the leaf as openssl and browsers show it (AB:CD:...). */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf().getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest).toUpperCase(Locale.ROOT);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The chain as PEM, for the hub's proxy. */
  public String chainPem() {
    return chainPem;
  }

  /** The private key as PEM: a secret, written only into the hub's srv volume with mode 0600. */
  String keyPem() {
    return keyPem;
  }

  @Override
  public String toString() {
    return "certificate for " + names() + " valid until " + notAfter();
  }
}
