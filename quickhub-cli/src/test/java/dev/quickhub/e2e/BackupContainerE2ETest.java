package dev.quickhub.e2e;

import dev.quickhub.runtime.Servers;

/** {@link BackupE2ETest} with each user's server in its own container. */
class BackupContainerE2ETest extends BackupE2ETest {

  @Override
  Servers servers() {
    return Servers.CONTAINER;
  }
}
