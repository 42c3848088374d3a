package dev.quickhub.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.volumes.HubVolume;
import dev.quickhub.volumes.VolumeSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of what a hub with its servers in containers has besides its own container, and the
 * gate's policy: the one JSON document (env {@code QUICKHUB_GATE}, no secrets) that says which user
 * containers the gate lets the hub make (image/lib/quickhub_gate.py reads it).
 */
final class HubGate {

  /** Where the gate's socket volume is mounted, in the gate and in the hub container. */
  static final String SOCKET_DIR = "/run/quickhub";

  /** Where the gate reads the hub's accounts: the etc volume, read-only. */
  static final String HUB_ETC = "/hub-etc";

  static final String ENGINE_SOCKET = "/var/run/docker.sock";
  static final String POLICY_VARIABLE = "QUICKHUB_GATE";
  static final String GATE_LABEL = "quickhub.gate";

  /** On a user container: its user's name. */
  static final String USER_LABEL = "quickhub.user";

  private static final ObjectMapper JSON = new ObjectMapper();

  private HubGate() {}

  static String container(String hub) {
    return hub + "-gate";
  }

  static String network(String hub) {
    return hub + "-net";
  }

  static String socketVolume(String hub) {
    return hub + "_gate";
  }

  static String policy(HubSpec spec, String imageId, VolumeSet volumes) {
    String hub = spec.name();
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("hub", hub);
    policy.put("image", imageId);
    policy.put("network", network(hub));
    Map<String, String> own = new LinkedHashMap<>();
    List<Map<String, Object>> shares = new ArrayList<>();
    for (HubVolume volume : volumes.volumes()) {
      if (List.of("home", "etc", "srv").contains(volume.name())) {
        own.put(volume.name(), volume.volumeName(hub));
      } else {
        // Shared folders are writable for their writers; the folder's permissions decide.
        shares.add(share("volume", volume.volumeName(hub), volume.path(), false));
      }
    }
    for (HostShare share : spec.shares()) {
      shares.add(share("bind", share.hostDir(), share.path(), share.readOnly()));
    }
    policy.put("volumes", own);
    policy.put("shares", shares);
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("memory", spec.userMemory().orElse(null));
    limits.put("cpus", spec.userCpus().orElse(null));
    limits.put("pids", spec.userPids().orElse(null));
    policy.put("limits", limits);
    policy.put("gpus", ContainerConfig.gpus(spec));
    try {
      return JSON.writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> share(
      String type, String source, String target, boolean readOnly) {
    Map<String, Object> share = new LinkedHashMap<>();
    share.put("type", type);
    share.put("source", source);
    share.put("target", target);
    share.put("read_only", readOnly);
    return share;
  }
}
