package dev.quickhub.tls;

import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a hub is served: the TLS settings and, for a certificate of the user's own, its files.
 *
 * @param certFile the certificate (chain) in PEM, for {@link TlsSettings#CERT}
 * @param keyFile its unencrypted private key in PEM
 */
public record HubTls(TlsSettings settings, Optional<Path> certFile, Optional<Path> keyFile) {

  public HubTls {
    settings = settings == null ? TlsSettings.none() : settings;
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /** The certificate to make sure of; {@code force} renews one that is not due yet. */
  public HubCertificates.Request request(boolean force) {
    return new HubCertificates.Request(settings, certFile, keyFile, force);
  }

  /** The certificate request of an up: none for a hub on plain HTTP. */
  public Optional<HubCertificates.Request> forUp() {
    return enabled() ? Optional.of(request(false)) : Optional.empty();
  }

  /** Fails for a hub on plain HTTP, which has no certificate to renew. */
  public void requireEnabled(String hub) {
    if (!enabled()) {
      throw new QuickHubException(
          Message.of(
              "Hub {} serves plain HTTP, so there is nothing to renew; bring it up with {}, {} or {}"
                  + " first.",
              hub,
              Setting.DOMAIN,
              Setting.SELF_SIGNED,
              Setting.TLS_CERT));
    }
  }
}
