package dev.quickhub.volumes;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The volumes declared in {@code volumes/hub.yaml}; home, etc and srv must be among them. */
public final class VolumeSet {

  static final List<String> REQUIRED = List.of("home", "etc", "srv");

  private final List<HubVolume> volumes;

  private VolumeSet(List<HubVolume> volumes) {
    this.volumes = List.copyOf(volumes);
  }

  private record File(@JsonProperty("volumes") List<HubVolume> volumes) {}

  public static VolumeSet read(Path file) {
    File parsed;
    try {
      parsed = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), File.class);
    } catch (IOException e) {
      // Jackson wraps the volume's own validation failure; that sentence is the one to show.
      if (e.getCause() instanceof QuickHubException invalid) {
        throw invalid;
      }
      throw new QuickHubException(
          "Cannot read "
              + file
              + " ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); fix its YAML.",
          e);
    }
    return of(parsed == null || parsed.volumes() == null ? List.of() : parsed.volumes());
  }

  public static VolumeSet of(List<HubVolume> volumes) {
    Set<String> names = new HashSet<>();
    Set<String> paths = new HashSet<>();
    for (HubVolume volume : volumes) {
      if (!names.add(volume.name()) || !paths.add(volume.path())) {
        throw new QuickHubException(
            "volumes/hub.yaml declares the name '"
                + volume.name()
                + "' or the path '"
                + volume.path()
                + "' twice.");
      }
    }
    for (String required : REQUIRED) {
      if (!names.contains(required)) {
        throw new QuickHubException("volumes/hub.yaml must declare the '" + required + "' volume.");
      }
    }
    return new VolumeSet(volumes);
  }

  /** The default volumes, as in the shipped volumes/hub.yaml. */
  public static VolumeSet defaults() {
    return of(
        List.of(
            new HubVolume("home", ImageContract.get().volumePath("home")),
            new HubVolume("etc", ImageContract.get().volumePath("etc")),
            new HubVolume("srv", ImageContract.get().volumePath("srv")),
            new HubVolume("shared", "/srv/shared", HubVolume.READ_ONLY, null)));
  }

  public List<HubVolume> volumes() {
    return volumes;
  }
}
