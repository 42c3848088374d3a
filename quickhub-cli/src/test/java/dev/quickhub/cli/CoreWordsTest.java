package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.HubRuntime;
import dev.quickhub.runtime.HubSpec;
import dev.quickhub.tls.HubTls;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The core's refusals, which name settings, read with the command line's flags as before. */
class CoreWordsTest {

  @Test
  void plainHttpOnAPublicAddressNamesTheTlsFlags() {
    HubSpec spec = HubSpec.builder().name("course").bind("0.0.0.0").build();
    QuickHubException refused =
        catchThrowableOfType(
            () -> HubRuntime.preflight(spec, Optional.empty()), QuickHubException.class);
    assertThat(refused.message().render(Flags.INSTANCE))
        .isEqualTo(
            "Refusing to publish hub course on 0.0.0.0 over plain HTTP, where passwords cross the"
                + " network readable; serve HTTPS with --domain and --acme-email, --tls-cert and"
                + " --tls-key, or --self-signed (or add --insecure-http on a network you trust).");
  }

  @Test
  void renewingPlainHttpNamesTheWaysToServeHttps() {
    QuickHubException refused =
        catchThrowableOfType(
            () -> new HubTls(null, Optional.empty(), Optional.empty()).requireEnabled("course"),
            QuickHubException.class);
    assertThat(refused.message().render(Flags.INSTANCE))
        .isEqualTo(
            "Hub course serves plain HTTP, so there is nothing to renew; bring it up with"
                + " --domain, --self-signed or --tls-cert first.");
  }
}
