package dev.quickhub.e2e;

import dev.quickhub.runtime.Servers;

/** {@link SharesAndLimitsE2ETest} with each user's server in its own container. */
class SharesAndLimitsContainerE2ETest extends SharesAndLimitsE2ETest {

  @Override
  Servers servers() {
    return Servers.CONTAINER;
  }
}
