package dev.quickhub.e2e;

import dev.quickhub.runtime.Servers;

/** {@link RestoreE2ETest} with each user's server in its own container. */
class RestoreContainerE2ETest extends RestoreE2ETest {

  @Override
  Servers servers() {
    return Servers.CONTAINER;
  }
}
