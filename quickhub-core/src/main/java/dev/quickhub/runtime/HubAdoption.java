package dev.quickhub.runtime;

import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Engine;
import dev.quickhub.image.HubImage;
import dev.quickhub.report.Progress;
import dev.quickhub.users.HubUsers;
import dev.quickhub.volumes.VolumeSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Takes over a hub of the original quick-jupyterhub: every check that can refuse is made before the
 * original is touched, then {@link Adopter} stops it and copies its /etc, the hub comes up on its
 * volumes and the accounts get quickhub's homes and admin rights.
 */
public final class HubAdoption {

  private final Engine engine;
  private final HubRuntime runtime;
  private final Progress progress;

  public HubAdoption(Engine engine, HubRuntime runtime, Progress progress) {
    this.engine = engine;
    this.runtime = runtime;
    this.progress = progress;
  }

  /** Adopts the original named as {@code spec}, on the image {@code build} makes. */
  public Adopter.Adoption adopt(HubSpec spec, Supplier<HubImage> build, VolumeSet volumes) {
    HubRuntime.preflight(spec, Optional.empty());
    Adopter adopter = new Adopter(engine.client(), progress);
    Adopter.Original original = adopter.inspect(spec.name());
    HubImage image = build.get();
    if (PublishingStep.needsAccountCheck(spec)) {
      // Checked on the original's /etc before its container is stopped: a refusal changes nothing.
      PublishingStep.refuseDefaultPasswords(spec, adopter.defaultPasswords(original, image));
    }
    Optional<String> kept = adopter.takeOver(original, image);
    runtime.up(spec, image, volumes, Optional.empty());
    List<String> accounts =
        new HubUsers(new ContainerExec(engine.client()), runtime.requireRunning(spec.name()))
            .adopt();
    return new Adopter.Adoption(
        original.etcCopy(), kept, accounts, runtime.status(spec.name(), volumes));
  }
}
