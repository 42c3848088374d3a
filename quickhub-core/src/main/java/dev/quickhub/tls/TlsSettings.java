package dev.quickhub.tls;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a hub is served on the network, remembered per hub: the certificate's source ({@code cert}
 * given by the user, {@code self-signed}, {@code acme}, or {@code off}), the ACME account and
 * server, the extra plain-HTTP port, and whether plain HTTP on a public address was allowed. A null
 * field means "not given".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsSettings(
    String mode,
    String domain,
    String acmeEmail,
    String acmeDirectory,
    String acmeCa,
    Integer httpPort,
    Boolean insecureHttp) {

  public static final String CERT = "cert";
  public static final String SELF_SIGNED = "self-signed";
  public static final String ACME = "acme";
  public static final String OFF = "off";

  /** The port Let's Encrypt checks http-01 challenges on. */
  public static final int ACME_HTTP_PORT = 80;

  public static TlsSettings none() {
    return new TlsSettings(null, null, null, null, null, null, null);
  }

  /** True when the hub serves HTTPS. */
  public boolean enabled() {
    return mode != null && !mode.equals(OFF);
  }

  /** The published plain-HTTP port: given, else 80 for ACME, else none. */
  public Integer effectiveHttpPort() {
    if (!enabled()) {
      return null;
    }
    return httpPort != null && httpPort != 0 ? httpPort : ACME.equals(mode) ? ACME_HTTP_PORT : null;
  }

  public boolean allowsInsecureHttp() {
    return Boolean.TRUE.equals(insecureHttp);
  }

  /** These settings with every field that {@code given} sets replaced by it. */
  public TlsSettings overriddenBy(TlsSettings given) {
    if (given == null) {
      return this;
    }
    return new TlsSettings(
        given.mode != null ? given.mode : mode,
        given.domain != null ? given.domain : domain,
        given.acmeEmail != null ? given.acmeEmail : acmeEmail,
        given.acmeDirectory != null ? given.acmeDirectory : acmeDirectory,
        given.acmeCa != null ? given.acmeCa : acmeCa,
        given.httpPort != null ? given.httpPort : httpPort,
        given.insecureHttp != null ? given.insecureHttp : insecureHttp);
  }

  /** A phrase for status. */
  public String describe() {
    if (!enabled()) {
      return "plain HTTP" + (allowsInsecureHttp() ? " (allowed on public addresses)" : "");
    }
    String source =
        switch (mode) {
          case ACME -> "ACME certificate for " + domain;
          case SELF_SIGNED -> "self-signed certificate";
          default -> "own certificate";
        };
    Integer http = effectiveHttpPort();
    return "HTTPS with a " + source + (http != null ? ", HTTP port " + http + " redirects" : "");
  }
}
