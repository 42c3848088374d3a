package dev.quickhub.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quickhub.QuickHub;
import dev.quickhub.cli.HubSettings;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.Engine;
import dev.quickhub.engine.Labels;
import dev.quickhub.image.ImageSources;
import dev.quickhub.runtime.Servers;
import dev.quickhub.system.Dirs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A hub made by one test run: a unique name, image tag and free loopback port, and a clean-up that
 * removes exactly what the test made (container, volumes, image tag), also after a failure. The
 * cached base and its engine image are kept: they are expensive to rebuild.
 */
final class TestHub implements AutoCloseable {

  final String name;
  final String image;
  final int port;
  final Servers servers;
  final Engine engine = Engine.fromEnvironment().requireAnswering();
  private final List<String> extraContainers = new ArrayList<>();
  private final List<String> extraVolumes = new ArrayList<>();
  private final List<String> images = new ArrayList<>();

  TestHub() {
    this(Servers.PROCESS);
  }

  /**
   * A hub whose users' servers run as {@code servers} say (given to each {@code up} in container
   * mode).
   */
  TestHub(Servers servers) {
    this.servers = servers;
    String id = UUID.randomUUID().toString().substring(0, 8);
    this.name = "qhtest-" + id;
    this.image = "quick-jupyterhub-test:" + id;
    this.port = freePort();
    this.images.add(image);
  }

  /** Brings this hub up on an image built from {@code sources}, under a tag of its own. */
  void upFrom(ImageSources sources) {
    QuickHub.builder()
        .sources(sources)
        .name(name)
        .imageTag(image("changed"))
        .port(port)
        .spec(spec -> spec.servers(servers))
        .build()
        .up();
  }

  /**
   * Another image tag of this test run (for a rebuild from changed sources), removed at the end.
   */
  String image(String suffix) {
    String tag = image + "-" + suffix;
    images.add(tag);
    return tag;
  }

  /** The containers and volumes labelled for hub {@code name}: none once it is removed. */
  static List<String> leftovers(DockerClient docker, String name) {
    List<String> left = new ArrayList<>();
    docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(List.of(Labels.HUB + "=" + name))
        .exec()
        .forEach(c -> left.add("container " + c.getId()));
    var volumes =
        docker.listVolumesCmd().withFilter("label", List.of(Labels.HUB + "=" + name)).exec();
    if (volumes.getVolumes() != null) {
      volumes.getVolumes().forEach(v -> left.add("volume " + v.getName()));
    }
    return left;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The launcher's arguments for this hub: {@code command --name N --image T} plus more. */
  String[] args(String command, String... more) {
    List<String> args = new ArrayList<>(List.of(command, "--name", name));
    if (command.equals("up") || command.equals("build")) {
      args.addAll(List.of("--image", image));
    }
    if (command.equals("up")) {
      args.addAll(List.of("--port", String.valueOf(port)));
      // Process mode is the default: tests of the option give it themselves.
      if (containerServers()) {
        args.addAll(List.of("--servers", servers.word()));
      }
    }
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  URI url() {
    return URI.create("http://localhost:" + port + "/");
  }

  DockerClient docker() {
    return engine.client();
  }

  ContainerExec.Result exec(String user, String stdin, String... command) {
    return new ContainerExec(docker()).run(name, user, stdin, List.of(command));
  }

  boolean containerServers() {
    return servers == Servers.CONTAINER;
  }

  /** The container of {@code user}'s server in container mode. */
  String userContainer(String user) {
    return name + "-user-" + user;
  }

  /**
   * Runs {@code command} as {@code user} where that user's server runs: the hub container in
   * process mode, the user's own (running) container in container mode, whose processes run as that
   * user already (with their groups).
   */
  ContainerExec.Result execInServer(String user, String stdin, String... command) {
    if (containerServers()) {
      return new ContainerExec(docker()).run(userContainer(user), null, stdin, List.of(command));
    }
    return exec(user, stdin, command);
  }

  /**
   * Whether {@code user} (uid {@code uid}) has a server running: processes of theirs in the hub
   * container, or their running container.
   */
  boolean hasServer(String user, String uid) {
    if (!containerServers()) {
      return exec(null, null, "pgrep", "-u", uid).exitCode() == 0;
    }
    try {
      return Boolean.TRUE.equals(
          docker().inspectContainerCmd(userContainer(user)).exec().getState().getRunning());
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Remembers a container the test made itself, to remove it at the end. */
  void ownsContainer(String container) {
    extraContainers.add(container);
  }

  /** Remembers an image tag the test made itself (a pull), to remove it at the end. */
  void ownsImage(String tag) {
    images.add(tag);
  }

  /**
   * Remembers a volume the test made itself (without quickhub's label), to remove it at the end.
   */
  void ownsVolume(String volume) {
    extraVolumes.add(volume);
  }

  @Override
  public void close() throws IOException {
    DockerClient docker = docker();
    List<String> containers = new ArrayList<>(extraContainers);
    containers.add(name);
    // The hub's gate and user containers, when its servers run in containers.
    docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(List.of(Labels.HUB + "=" + name))
        .exec()
        .forEach(c -> containers.add(c.getId()));
    for (String container : containers) {
      try {
        Map<String, String> labels =
            docker.inspectContainerCmd(container).exec().getConfig().getLabels();
        if (extraContainers.contains(container)
            || (labels != null && name.equals(labels.get(Labels.HUB)))) {
          docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(true).exec();
        }
      } catch (NotFoundException e) {
        // Never made, or already removed.
      }
    }
    var labelled =
        docker
            .listVolumesCmd()
            .withFilter("label", List.of(Labels.HUB + "=" + name))
            .exec()
            .getVolumes();
    for (var volume : labelled == null ? List.<InspectVolumeResponse>of() : labelled) {
      docker.removeVolumeCmd(volume.getName()).exec();
    }
    docker.listNetworksCmd().exec().stream()
        .filter(n -> n.getLabels() != null && name.equals(n.getLabels().get(Labels.HUB)))
        .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
    for (String volume : extraVolumes) {
      try {
        docker.removeVolumeCmd(volume).exec();
      } catch (NotFoundException e) {
        // Never made.
      }
    }
    for (String tag : images) {
      try {
        docker.removeImageCmd(tag).exec();
      } catch (NotFoundException e) {
        // Never built.
      }
    }
    HubSettings.forget(Dirs.hubSettings(), name);
    engine.close();
  }
}
