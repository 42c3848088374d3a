package dev.quickhub.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed certificate for quick tests: browsers warn, and its fingerprint is shown. */
public final class SelfSigned {

  /** How long a self-signed certificate lasts; up replaces it when {@link Renewal} says so. */
  public static final Duration VALIDITY = Duration.ofDays(365);

  private SelfSigned() {}

  /** A new P-256 key and a certificate for localhost, 127.0.0.1, ::1 and {@code names}. */
  public static TlsCertificate make(List<String> names, Instant now) {
    Set<String> all = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    all.addAll(names);
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=quickhub self-signed");
      List<GeneralName> alternatives = new ArrayList<>();
      for (String name : all) {
        alternatives.add(
            isAddress(name)
                ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name));
      }
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(VALIDITY)),
              subject,
              pair.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(alternatives.toArray(GeneralName[]::new)));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      return TlsCertificate.of(List.of(certificate), pair.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("Making a self-signed certificate failed", e);
    }
  }

  private static boolean isAddress(String name) {
    if (!name.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      InetAddress.getByName(name);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
