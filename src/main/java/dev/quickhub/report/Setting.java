package dev.quickhub.report;

/**
 * A setting a message can point to. Its name here is the library's (the builder method); the
 * command line maps each to its flag.
 */
public enum Setting {
  NAME("HubSpec.Builder.name"),
  PORT("HubSpec.Builder.port"),
  // Publishing, TLS, forwarding and ephemeral hubs (runtime steps and the facade).
  HTTP_PORT("TlsSettings.httpPort"),
  DOMAIN("TlsSettings.domain"),
  ACME_EMAIL("TlsSettings.acmeEmail"),
  TLS_CERT("QuickHub.Builder.tlsFiles"),
  TLS_KEY("QuickHub.Builder.tlsFiles"),
  SELF_SIGNED("TlsSettings.SELF_SIGNED"),
  INSECURE_HTTP("TlsSettings.insecureHttp"),
  FORWARD("QuickHub.forward"),
  HOST("QuickHub.Builder.host"),
  EPHEMERAL("QuickHub.Builder.ephemeral");

  private final String inLibrary;

  Setting(String inLibrary) {
    this.inLibrary = inLibrary;
  }

  public String inLibrary() {
    return inLibrary;
  }
}
