package dev.quickhub.runtime;

import static dev.quickhub.runtime.ContainerStep.Action.CREATE;
import static dev.quickhub.runtime.ContainerStep.Action.KEEP;
import static dev.quickhub.runtime.ContainerStep.Action.REPLACE;
import static dev.quickhub.runtime.ContainerStep.Action.RESTART;
import static dev.quickhub.runtime.ContainerStep.Action.START;
import static dev.quickhub.runtime.ContainerStep.decide;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keep or replace: {@code decide(exists, sameConfig, running, newCertificate)}. */
class ContainerStepTest {

  @Test
  void noContainerIsCreated() {
    assertThat(decide(false, false, false, false)).isEqualTo(CREATE);
    assertThat(decide(false, false, false, true)).isEqualTo(CREATE);
  }

  @Test
  void otherImageOrOptionsReplaceTheContainerRunningOrNot() {
    assertThat(decide(true, false, true, false)).isEqualTo(REPLACE);
    assertThat(decide(true, false, false, false)).isEqualTo(REPLACE);
    assertThat(decide(true, false, true, true)).as("a new one serves it anyway").isEqualTo(REPLACE);
  }

  @Test
  void theSameContainerIsKeptStartedOrRestartedForANewCertificate() {
    assertThat(decide(true, true, true, false)).isEqualTo(KEEP);
    assertThat(decide(true, true, false, false)).isEqualTo(START);
    assertThat(decide(true, true, false, true)).as("starting loads it").isEqualTo(START);
    assertThat(decide(true, true, true, true)).isEqualTo(RESTART);
  }
}
