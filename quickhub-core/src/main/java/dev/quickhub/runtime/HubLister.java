package dev.quickhub.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import dev.quickhub.contract.ImageTool;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Engine;
import dev.quickhub.engine.Labels;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.volumes.HubVolume;
import dev.quickhub.volumes.VolumeSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The hubs on an engine: every container and volume labelled {@code quickhub.hub}, with state, URL,
 * number of users (asked of the running hubs at once), the disk their volumes use and where their
 * users' servers run (with the running user containers counted).
 */
public final class HubLister {

  private final Engine engine;
  private final VolumeSet volumes;

  public HubLister(Engine engine, VolumeSet volumes) {
    this.engine = engine;
    this.volumes = volumes;
  }

  public List<HubSummary> list() {
    DockerClient docker = engine.client();
    Map<String, Container> containers = new HashMap<>();
    Map<String, List<Container>> byHub = new HashMap<>();
    for (Container container :
        docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(Labels.HUB)).exec()) {
      String hub = container.getLabels().get(Labels.HUB);
      byHub.computeIfAbsent(hub, h -> new ArrayList<>()).add(container);
      // One-shot helpers carry the label too; the hub's own container has its name.
      if (container.getNames() != null && List.of(container.getNames()).contains("/" + hub)) {
        containers.put(hub, container);
      }
    }
    Map<String, List<String>> hubVolumes = new HashMap<>();
    List<InspectVolumeResponse> labelled =
        docker.listVolumesCmd().withFilter("label", List.of(Labels.HUB)).exec().getVolumes();
    for (InspectVolumeResponse volume :
        labelled == null ? List.<InspectVolumeResponse>of() : labelled) {
      hubVolumes
          .computeIfAbsent(volume.getLabels().get(Labels.HUB), h -> new ArrayList<>())
          .add(volume.getName());
    }
    TreeSet<String> names = new TreeSet<>(containers.keySet());
    names.addAll(hubVolumes.keySet());
    Map<String, Long> sizes = engine.volumeSizes();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<HubSummary>> summaries = new ArrayList<>();
      for (String name : names) {
        summaries.add(
            CompletableFuture.supplyAsync(
                () ->
                    summary(
                        name,
                        containers.get(name),
                        hubVolumes.get(name),
                        sizes,
                        UserContainers.count(name, byHub.getOrDefault(name, List.of()))),
                pool));
      }
      return summaries.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdown();
    }
  }

  private HubSummary summary(
      String name,
      Container container,
      List<String> labelled,
      Map<String, Long> sizes,
      ServerCount servers) {
    TreeSet<String> own = new TreeSet<>(labelled == null ? List.of() : labelled);
    for (HubVolume volume : volumes.volumes()) {
      if (sizes.containsKey(volume.volumeName(name))) {
        own.add(volume.volumeName(name));
      }
    }
    long disk = 0;
    for (String volume : own) {
      long size = sizes.getOrDefault(volume, -1L);
      disk = size < 0 || disk < 0 ? -1 : disk + size;
    }
    if (container == null) {
      return new HubSummary(name, "down", "", -1, disk, servers);
    }
    String url = "";
    for (var port : container.getPorts()) {
      if (port.getPrivatePort() != null
          && port.getPrivatePort() == 8000
          && port.getPublicPort() != null) {
        url =
            HubSpec.url(
                port.getIp(),
                port.getPublicPort(),
                container.getLabels() != null
                    && "true".equals(container.getLabels().get(Labels.TLS)));
      }
    }
    int users = -1;
    if ("running".equals(container.getState())) {
      try {
        users =
            ImageTool.in(new ContainerExec(engine.client()), container.getId())
                .run("quickhub-accounts", List.of())
                .size();
      } catch (QuickHubException | IllegalStateException e) {
        // A hub that cannot say (still starting, say) is listed with its users unknown.
      }
    }
    return new HubSummary(name, container.getState(), url, users, disk, servers);
  }
}
