package dev.quickhub.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.quickhub.QuickHub;
import dev.quickhub.client.HubClient;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.kernels.HubKernels;
import dev.quickhub.kernels.KernelRequest;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.users.HubUsers;
import dev.quickhub.users.UserName;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.LazyFuture;

/**
 * A throw-away hub for tests, as a Testcontainers container: the quick-jupyterhub image is built
 * with Jib (or reused when nothing changed), the hub keeps everything inside the container, and
 * {@link #close()} leaves nothing behind.
 *
 * <pre>{@code
 * try (QuickHubContainer hub = new QuickHubContainer().withUser("alice", "alice-pw")) {
 *   hub.start();
 *   HubClient alice = hub.login("alice");
 *   alice.startServer(Duration.ofMinutes(2));
 *   String out = alice.runCode("python3", "print(6 * 7)", Duration.ofMinutes(1));
 * }
 * }</pre>
 *
 * <p>On hosts without a Ryuk image (no registry), set {@code TESTCONTAINERS_RYUK_DISABLED=true},
 * and {@code TESTCONTAINERS_HOST_OVERRIDE=localhost} so the hub is reached by a host name that
 * cookies accept.
 */
public class QuickHubContainer extends GenericContainer<QuickHubContainer> {

  /** The port the hub answers on inside the container; {@link #getHubUrl()} maps it. */
  public static final int HUB_PORT = ImageContract.get().hubPort();

  /** The seed accounts' passwords are their names, as in the original quick-jupyterhub. */
  private final Map<String, String> passwords =
      new LinkedHashMap<>(Map.of("admin", "admin", "user1", "user1"));

  private final Map<String, String> users = new LinkedHashMap<>();
  private final Set<String> admins = new HashSet<>();
  private final List<KernelRequest> kernels = new ArrayList<>();

  /**
   * A hub on the image built from the sources built into quickhub, or from the hub folder in use
   * (QUICKHUB_HOME, or the current folder when it holds users/ or image/).
   */
  public QuickHubContainer() {
    this(QuickHub.builder().build());
  }

  /**
   * A hub on the image {@code quickHub} builds (its sources, base and tag). The image is built (or
   * found unchanged) when the container starts, not here: a test class can declare its container as
   * a field at no cost.
   */
  public QuickHubContainer(QuickHub quickHub) {
    super(
        new LazyFuture<String>() {
          @Override
          protected String resolve() {
            return quickHub.buildImage().tag();
          }
        });
    withExposedPorts(HUB_PORT);
    waitingFor(
        Wait.forHttp("/hub/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
  }

  /**
   * An account made when the hub starts; the password travels on stdin, never in the environment.
   */
  public QuickHubContainer withUser(String name, String password) {
    UserName.require(name);
    users.put(name, password);
    passwords.put(name, password);
    return self();
  }

  /** An account with hub admin rights. */
  public QuickHubContainer withAdmin(String name, String password) {
    admins.add(name);
    return withUser(name, password);
  }

  /** A kernel made when the hub starts (after the accounts). */
  public QuickHubContainer withKernel(KernelRequest kernel) {
    kernels.add(kernel);
    return self();
  }

  @Override
  protected void containerIsStarted(InspectContainerResponse info) {
    ContainerExec exec = new ContainerExec(getDockerClient());
    HubUsers hubUsers = new HubUsers(exec, getContainerId());
    users.forEach(
        (name, password) ->
            hubUsers.add(List.of(name), admins.contains(name), List.of(), Optional.of(password)));
    HubKernels hubKernels = new HubKernels(exec, getContainerId());
    kernels.forEach(kernel -> hubKernels.add(kernel, output -> logger().info(output.strip())));
  }

  /** Where the hub answers on this machine. */
  public URI getHubUrl() {
    return URI.create("http://" + getHost() + ":" + getMappedPort(HUB_PORT) + "/");
  }

  /** A client logged in as {@code user} (added with {@link #withUser}, or a seed account). */
  public HubClient login(String user) {
    String password = passwords.get(user);
    HubClient client = HubClient.at(getHubUrl());
    if (password == null || !client.login(user, password)) {
      throw new QuickHubException(
          "Cannot log in as '" + user + "': add the user with withUser before start().");
    }
    return client;
  }

  /** A new API token of {@code user}, for the hub's REST API ({@code Authorization: token ...}). */
  public String apiToken(String user) {
    return login(user).newApiToken("quickhub test token");
  }
}
