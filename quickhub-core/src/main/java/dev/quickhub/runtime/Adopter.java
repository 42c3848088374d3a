package dev.quickhub.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.quickhub.contract.ImageTool;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Labels;
import dev.quickhub.engine.OneShot;
import dev.quickhub.image.HubImage;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes over a hub run by the original quick-jupyterhub ({@code docker run -v HUB_home:/home -v
 * HUB_etc:/etc --name HUB}): its container is stopped (and kept, renamed, when it was not run with
 * --rm), and its /etc is copied whole into the volume {@code HUB_etc-original} before quickhub's
 * start brings the volume's /etc up to date with the accounts kept. No volume is deleted.
 */
public final class Adopter {

  /** What was found of the original hub, before anything is changed. */
  public record Original(
      String hub,
      Optional<InspectContainerResponse> container,
      String homeVolume,
      String etcVolume,
      String etcCopy,
      boolean copyExists) {

    String keptContainerName() {
      return hub + "-original";
    }
  }

  /** What adopt did: where the original /etc is kept, and the container kept under a new name. */
  public record Adoption(
      String etcCopy, Optional<String> keptContainer, List<String> accounts, HubStatus status) {}

  private final DockerClient docker;
  private final Progress progress;

  public Adopter(DockerClient docker, Progress progress) {
    this.docker = docker;
    this.progress = progress;
  }

  /** Finds the original's container and volumes; refuses, changing nothing, when they don't fit. */
  public Original inspect(String hub) {
    String home = hub + "_home";
    String etc = hub + "_etc";
    Optional<InspectContainerResponse> container = container(hub);
    if (container.isPresent()) {
      Map<String, String> labels = container.get().getConfig().getLabels();
      if (labels != null && hub.equals(labels.get(Labels.HUB))) {
        throw new QuickHubException(
            "Hub " + hub + " is already run by quickhub; there is nothing to adopt.");
      }
      requireMount(container.get(), "/etc", etc);
      requireMount(container.get(), "/home", home);
      if (container(hub + "-original").isPresent()) {
        throw new QuickHubException(
            "A container named "
                + hub
                + "-original exists, where adopt would keep the original container; remove or"
                + " rename it first.");
      }
    }
    Map<String, String> etcLabels =
        volumeLabels(etc)
            .orElseThrow(
                () ->
                    new QuickHubException(
                        Message.of(
                            "There is no volume {} with the original's accounts; adopt takes over"
                                + " a hub run with -v {}:/home -v {}:/etc (choose {} to match its"
                                + " volumes), or run {} then {} to make accounts from the homes.",
                            etc,
                            home,
                            etc,
                            Setting.NAME,
                            Call.of(Call.Command.UP),
                            Call.of(Call.Command.USERS_RESTORE))));
    if (hub.equals(etcLabels.get(Labels.HUB))) {
      throw new QuickHubException(
          "Volume " + etc + " was made by quickhub already; there is nothing to adopt.");
    }
    if (volumeLabels(home).isEmpty()) {
      throw new QuickHubException(
          Message.of(
              "There is no volume {} with the original's homes; choose {} to match them.",
              home,
              Setting.NAME));
    }
    String copy = hub + "_etc-original";
    Optional<Map<String, String>> copyLabels = volumeLabels(copy);
    if (copyLabels.isPresent() && !etc.equals(copyLabels.get().get(Labels.ADOPTED_FROM))) {
      throw new QuickHubException(
          "A volume named "
              + copy
              + " exists, where adopt would copy the original /etc; remove"
              + " or rename it first.");
    }
    return new Original(hub, container, home, etc, copy, copyLabels.isPresent());
  }

  /**
   * Checks on {@code image} that the original's /etc holds accounts (read-only), then stops the
   * original container and copies its /etc. Returns the name the container is kept under, if it was
   * not removed by its own --rm.
   */
  public Optional<String> takeOver(Original original, HubImage image) {
    if (!original.copyExists()) {
      ContainerExec.Result found =
          onOriginalEtc(
              original,
              image,
              "/bin/sh",
              "-c",
              "awk -F: '$3 >= 1000 && $3 < 65534 {print $1}' /original/passwd");
      if (!found.ok() || found.stdout().isBlank()) {
        throw new QuickHubException(
            "Volume "
                + original.etcVolume()
                + " holds no user accounts in passwd, so it is not the original's /etc;"
                + " nothing was changed.");
      }
      progress.say(
          "Found the original's accounts: "
              + String.join(", ", found.stdout().strip().split("\n"))
              + ".");
    }
    Optional<String> kept = original.container().flatMap(c -> stop(original, c));
    if (!original.copyExists()) {
      docker
          .createVolumeCmd()
          .withName(original.etcCopy())
          .withLabels(Map.of(Labels.ADOPTED_FROM, original.etcVolume()))
          .exec();
      ContainerExec.Result copied =
          new OneShot(docker)
              .run(
                  image.id(),
                  original.hub(),
                  List.of(
                      new Bind(original.etcVolume(), new Volume("/original"), true),
                      new Bind(original.etcCopy(), new Volume("/copy"))),
                  "cp",
                  "-a",
                  "/original/.",
                  "/copy/");
      if (!copied.ok()) {
        throw new QuickHubException(
            "Copying the original /etc into "
                + original.etcCopy()
                + " failed ("
                + copied.stderr().strip()
                + "); the volume "
                + original.etcVolume()
                + " is unchanged.");
      }
      progress.say(
          "Copied the original /etc into volume " + original.etcCopy() + " (kept as it was).");
    }
    return kept;
  }

  /**
   * The original's accounts whose password is still their name, read from its /etc (read-only)
   * before anything is changed.
   */
  public List<String> defaultPasswords(Original original, HubImage image) {
    JsonNode names =
        ImageTool.oneShot(new OneShot(docker), image.id(), original.hub(), originalEtc(original))
            .saying(
                error ->
                    Message.of(
                        "Checking the passwords of the original's accounts failed ({}); nothing was"
                            + " changed.",
                        error))
            .run("quickhub-accounts", List.of("--defaults-in", "/original"));
    return ImageTool.read(names, new TypeReference<List<String>>() {});
  }

  /** Runs {@code command} on the image with the original's /etc read-only at /original. */
  private ContainerExec.Result onOriginalEtc(Original original, HubImage image, String... command) {
    return new OneShot(docker).run(image.id(), original.hub(), originalEtc(original), command);
  }

  private static List<Bind> originalEtc(Original original) {
    return List.of(new Bind(original.etcVolume(), new Volume("/original"), true));
  }

  private Optional<String> stop(Original original, InspectContainerResponse container) {
    progress.say("Stopping the original container " + original.hub() + ".");
    try {
      docker.stopContainerCmd(container.getId()).withTimeout(20).exec();
    } catch (NotModifiedException e) {
      // Already stopped.
    }
    // A container run with --rm goes away by itself shortly after it stops.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (Boolean.TRUE.equals(container.getHostConfig().getAutoRemove())
        && Instant.now().isBefore(deadline)) {
      if (container(container.getId()).isEmpty()) {
        return Optional.empty();
      }
      sleep();
    }
    if (container(container.getId()).isEmpty()) {
      return Optional.empty();
    }
    docker.renameContainerCmd(container.getId()).withName(original.keptContainerName()).exec();
    progress.say("Kept the stopped original container as " + original.keptContainerName() + ".");
    return Optional.of(original.keptContainerName());
  }

  private static void requireMount(InspectContainerResponse container, String path, String volume) {
    var mounts =
        container.getMounts() == null
            ? List.<InspectContainerResponse.Mount>of()
            : container.getMounts();
    Optional<String> mounted =
        mounts.stream()
            .filter(m -> m.getDestination() != null && path.equals(m.getDestination().getPath()))
            .map(m -> m.getName() == null ? "a host folder" : "volume " + m.getName())
            .findFirst();
    if (!mounted.equals(Optional.of("volume " + volume))) {
      throw new QuickHubException(
          Message.of(
              "The container {} keeps {}{}, not in volume {}; adopt takes over a hub run with -v"
                  + " {}:{} (choose {} to match its volumes).",
              container.getName().replaceFirst("^/", ""),
              path,
              mounted.isEmpty() ? " inside itself" : " in " + mounted.get(),
              volume,
              volume,
              path,
              Setting.NAME));
    }
  }

  private Optional<InspectContainerResponse> container(String nameOrId) {
    try {
      return Optional.of(docker.inspectContainerCmd(nameOrId).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private Optional<Map<String, String>> volumeLabels(String name) {
    try {
      InspectVolumeResponse volume = docker.inspectVolumeCmd(name).exec();
      return Optional.of(volume.getLabels() == null ? Map.of() : volume.getLabels());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while waiting for the original container to stop.");
    }
  }
}
