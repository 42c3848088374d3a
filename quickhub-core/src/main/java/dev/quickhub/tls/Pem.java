package dev.quickhub.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemGenerationException;

/** PEM text to certificates and keys and back, in every form openssl and ACME servers write. */
final class Pem {

  /** Thrown with a short reason; callers turn it into a sentence naming the file. */
  static final class Unreadable extends Exception {
    Unreadable(String reason) {
      super(reason);
    }
  }

  private Pem() {}

  /** Every certificate in {@code pem}, in order (leaf first in a chain file). */
  static List<X509Certificate> certificates(String pem) throws Unreadable {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof X509CertificateHolder holder) {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new Unreadable("it is not a PEM certificate: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new Unreadable("it holds no PEM certificate");
    }
    return certificates;
  }

  /** The first private key in {@code pem}: PKCS#8, or traditional RSA/EC ("BEGIN RSA ..."). */
  static PrivateKey privateKey(String pem) throws Unreadable {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof PEMKeyPair pair) {
          return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (object instanceof PrivateKeyInfo info) {
          return new JcaPEMKeyConverter().getPrivateKey(info);
        }
        if (object instanceof PEMEncryptedKeyPair
            || object instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new Unreadable("it is encrypted with a passphrase");
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new Unreadable("it is not a PEM private key: " + e.getMessage());
    }
    throw new Unreadable("it holds no PEM private key");
  }

  /** A private key as PKCS#8 PEM ("BEGIN PRIVATE KEY"), which every TLS server reads. */
  static String pkcs8(PrivateKey key) {
    try {
      return encode(new JcaPKCS8Generator(key, null));
    } catch (PemGenerationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PEM text of certificates, keys or key pairs. */
  static String encode(Object... objects) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return text.toString();
  }
}
