package dev.quickhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.engine.Engine;
import dev.quickhub.report.Progress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of up's steps, read without an engine (nothing is asked of it here). */
class UpStepsTest {

  private final HubRuntime runtime =
      new HubRuntime(
          Engine.at("unix:///nonexistent/docker.sock", false), Progress.silent(), Duration.ZERO);

  @Test
  void upIsHubNameThenConfigCheckThenVolumesThenChecksThenCertificateThenContainerThenHealth() {
    assertThat(runtime.steps().stream().map(step -> step.getClass().getSimpleName()))
        .containsExactly(
            "HubNameStep",
            "ConfigCheckStep",
            "VolumesStep",
            "PublishingStep",
            "CertificateStep",
            "GateStep",
            "ContainerStep",
            "HealthStep");
  }

  @Test
  void volumesAreMadeOncePerUp() {
    List<UpStep> steps = runtime.steps();
    assertThat(steps).filteredOn(step -> step instanceof VolumesStep).hasSize(1);
  }
}
