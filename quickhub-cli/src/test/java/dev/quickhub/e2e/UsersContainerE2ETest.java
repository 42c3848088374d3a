package dev.quickhub.e2e;

import dev.quickhub.runtime.Servers;

/** {@link UsersE2ETest} with each user's server in its own container. */
class UsersContainerE2ETest extends UsersE2ETest {

  @Override
  Servers servers() {
    return Servers.CONTAINER;
  }
}
