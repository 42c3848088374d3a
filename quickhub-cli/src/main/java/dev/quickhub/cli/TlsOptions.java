package dev.quickhub.cli;

import dev.quickhub.tls.AcmeIssuer;
import dev.quickhub.tls.TlsSettings;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How {@code up} serves the hub: at most one certificate source (own files, self-signed, ACME for a
 * domain, or none), and the options that go with them. Not given: what the hub was last served
 * with.
 */
final class TlsOptions {

  @ArgGroup(exclusive = true)
  Source source;

  /** Where the certificate comes from; picocli refuses two of them. */
  static final class Source {
    @ArgGroup(exclusive = false)
    OwnCertificate own;

    @Option(
        names = "--self-signed",
        description =
            "Serve HTTPS with a self-signed certificate made here (browsers warn; for quick tests);"
                + " prints its SHA-256 fingerprint. Remembered.")
    boolean selfSigned;

    @Option(
        names = "--domain",
        paramLabel = "NAME",
        description =
            "Serve HTTPS for NAME with a certificate from an ACME server (Let's Encrypt unless"
                + " --acme-directory): NAME must point at this machine and --http-port must be"
                + " reachable as port 80. Renewed by every up and by 'quickhub renew' 30 days before"
                + " expiry. Remembered.")
    String domain;

    @Option(names = "--no-tls", description = "Serve plain HTTP again. Remembered.")
    boolean noTls;
  }

  /** A certificate and its key: one needs the other. */
  static final class OwnCertificate {
    @Option(
        names = "--tls-cert",
        paramLabel = "FILE",
        required = true,
        description =
            "Serve HTTPS with this PEM certificate (chain, leaf first); needs --tls-key. Both are"
                + " checked first, then copied to the hub's srv volume (key mode 0600). Remembered.")
    Path cert;

    @Option(
        names = "--tls-key",
        paramLabel = "FILE",
        required = true,
        description = "The unencrypted PEM private key of --tls-cert.")
    Path key;
  }

  @Option(
      names = "--acme-email",
      paramLabel = "EMAIL",
      description = "The contact address of the ACME account (expiry warnings). Remembered.")
  String acmeEmail;

  @Option(
      names = "--acme-directory",
      paramLabel = "URL",
      description =
          "Another ACME server's directory URL (default: Let's Encrypt's production directory,"
              + " "
              + AcmeIssuer.LETS_ENCRYPT
              + "). Remembered.")
  String acmeDirectory;

  @Option(
      names = "--acme-ca",
      paramLabel = "FILE",
      description =
          "Trust only the CA certificate(s) in this PEM file for the ACME server's own HTTPS (a"
              + " private or test ACME server). Remembered.")
  Path acmeCa;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "With HTTPS: also publish plain HTTP on PORT, redirecting to HTTPS and answering ACME"
              + " challenges (default with --domain: 80; otherwise none). Remembered; 0: default.")
  Integer httpPort;

  @Option(
      names = "--insecure-http",
      description =
          "Allow plain HTTP on a non-loopback --bind (passwords cross the network readable)."
              + " Remembered.")
  Boolean insecureHttp;

  Path cert() {
    return source == null || source.own == null ? null : source.own.cert;
  }

  Path key() {
    return source == null || source.own == null ? null : source.own.key;
  }

  /**
   * The settings given this time; null fields keep what is {@code remembered}. The ACME options
   * alone only change a hub that is served by ACME already.
   */
  TlsSettings given(TlsSettings remembered, CommandSpec spec) {
    String domain = source == null ? null : source.domain;
    boolean acmeOptions = acmeEmail != null || acmeDirectory != null || acmeCa != null;
    if (acmeOptions
        && domain == null
        && (remembered == null || !TlsSettings.ACME.equals(remembered.mode()))) {
      throw new ParameterException(
          spec.commandLine(),
          "--acme-email, --acme-directory and --acme-ca need --domain; give the hub's domain name.");
    }
    return new TlsSettings(
        mode(),
        domain,
        acmeEmail,
        acmeDirectory,
        acmeCa != null ? acmeCa.toAbsolutePath().toString() : null,
        httpPort,
        insecureHttp);
  }

  private String mode() {
    if (source == null) {
      return null;
    }
    return source.own != null
        ? TlsSettings.CERT
        : source.selfSigned
            ? TlsSettings.SELF_SIGNED
            : source.domain != null ? TlsSettings.ACME : source.noTls ? TlsSettings.OFF : null;
  }
}
