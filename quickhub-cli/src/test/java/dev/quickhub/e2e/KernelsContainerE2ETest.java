package dev.quickhub.e2e;

import dev.quickhub.runtime.Servers;

/** {@link KernelsE2ETest} with each user's server in its own container. */
class KernelsContainerE2ETest extends KernelsE2ETest {

  @Override
  Servers servers() {
    return Servers.CONTAINER;
  }
}
