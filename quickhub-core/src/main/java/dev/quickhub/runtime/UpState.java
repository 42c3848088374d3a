package dev.quickhub.runtime;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.quickhub.image.HubImage;
import dev.quickhub.tls.HubCertificates;
import dev.quickhub.volumes.VolumeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one {@link HubRuntime#up} works on: the hub, its image and volumes, the certificate asked
 * for, the container found before the first step, the volumes it created and what the certificate
 * step did.
 */
final class UpState {

  private final HubSpec spec;
  private final HubImage image;
  private final VolumeSet volumes;
  private final Optional<HubCertificates.Request> certificateRequest;
  private final Optional<InspectContainerResponse> existing;
  private Optional<HubCertificates.Outcome> certificate = Optional.empty();
  private final List<String> createdVolumes = new ArrayList<>();

  UpState(
      HubSpec spec,
      HubImage image,
      VolumeSet volumes,
      Optional<HubCertificates.Request> certificateRequest,
      Optional<InspectContainerResponse> existing) {
    this.spec = spec;
    this.image = image;
    this.volumes = volumes;
    this.certificateRequest = certificateRequest;
    this.existing = existing;
  }

  HubSpec spec() {
    return spec;
  }

  HubImage image() {
    return image;
  }

  VolumeSet volumes() {
    return volumes;
  }

  /** The certificate to make sure of; empty for a hub on plain HTTP. */
  Optional<HubCertificates.Request> certificateRequest() {
    return certificateRequest;
  }

  /** The hub's container as it was when up began. */
  Optional<InspectContainerResponse> existing() {
    return existing;
  }

  /** An engine volume this up created. */
  void created(String volume) {
    createdVolumes.add(volume);
  }

  /** The engine volumes this up created, in order. */
  List<String> createdVolumes() {
    return List.copyOf(createdVolumes);
  }

  Optional<HubCertificates.Outcome> certificate() {
    return certificate;
  }

  void certified(HubCertificates.Outcome outcome) {
    this.certificate = Optional.of(outcome);
  }

  /** True when the certificate step wrote a certificate the hub does not serve yet. */
  boolean newCertificate() {
    return certificate.map(HubCertificates.Outcome::changed).orElse(false);
  }
}
