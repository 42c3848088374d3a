package dev.quickhub.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.volumes.HubVolume;
import dev.quickhub.volumes.VolumeSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the image's scripts read of the hub's options, as one JSON document in the contract's one
 * variable: the shared folders (permissions at start, links at spawn), the per-user memory and
 * process limits, the idle culler, HTTPS and the plain-HTTP redirect. Every key is always present
 * (null when unset), in a fixed order, so the same options give the same text; the keys of {@link
 * Servers#CONTAINER} (what the spawner puts in each user's container) only in that mode, so a
 * process hub's text stays as it was. No secrets. {@code quickhub_contract.config()} in the image
 * reads it.
 */
final class ContainerConfig {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ContainerConfig() {}

  /** The container's environment: the one variable that holds {@link #document}. */
  static List<String> environment(HubSpec spec, String imageId, VolumeSet volumes) {
    return List.of(ImageContract.get().configVariable() + "=" + document(spec, imageId, volumes));
  }

  static String document(HubSpec spec, String imageId, VolumeSet volumes) {
    boolean containers = spec.servers() == Servers.CONTAINER;
    Map<String, Object> config = new LinkedHashMap<>();
    if (containers) {
      config.put("servers", spec.servers().word());
      config.put("hub", spec.name());
      config.put("image", imageId);
      config.put("network", HubGate.network(spec.name()));
      Map<String, String> engineVolumes = new LinkedHashMap<>();
      volumes.volumes().forEach(v -> engineVolumes.put(v.name(), v.volumeName(spec.name())));
      config.put("volumes", engineVolumes);
      config.put("user_cpus", spec.userCpus().orElse(null));
      config.put("gpus", gpus(spec));
    }
    config.put("shares", shares(spec, volumes, containers));
    config.put("user_memory", spec.userMemory().orElse(null));
    config.put("user_pids", spec.userPids().orElse(null));
    config.put("cull_idle", spec.cullIdle().map(idle -> idle.toSeconds()).orElse(null));
    config.put("tls", spec.tls());
    // Plain HTTP beside HTTPS redirects to the published HTTPS port.
    config.put("http_redirect_to", spec.httpPort().isPresent() ? spec.port() : null);
    try {
      return JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** "all", a count, or null: as the engine's device request counts them. */
  static Object gpus(HubSpec spec) {
    return spec.gpus().map(g -> g.equals("all") ? (Object) g : Integer.valueOf(g)).orElse(null);
  }

  private static List<Map<String, Object>> shares(
      HubSpec spec, VolumeSet volumes, boolean containers) {
    List<Map<String, Object>> shares = new ArrayList<>();
    for (HubVolume volume : volumes.volumes()) {
      if (volume.isShare()) {
        Map<String, Object> share = new LinkedHashMap<>();
        share.put("name", volume.name());
        share.put("path", volume.path());
        share.put("access", volume.access());
        share.put(
            "writers",
            volume.writers() != null ? volume.writers() : ImageContract.get().adminGroup());
        shares.add(share);
      }
    }
    for (HostShare host : spec.shares()) {
      Map<String, Object> share = new LinkedHashMap<>();
      share.put("name", host.name());
      share.put("path", host.path());
      share.put("access", "host");
      if (containers) {
        // User containers mount the same host folder as the hub does.
        share.put("source", host.hostDir());
        share.put("read_only", host.readOnly());
      }
      shares.add(share);
    }
    return shares;
  }
}
