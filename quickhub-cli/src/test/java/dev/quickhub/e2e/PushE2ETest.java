package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import dev.quickhub.cli.HubSettings;
import dev.quickhub.client.HubClient;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.Dirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code quickhub push} to a registry of the test's own on loopback: HTTPS with a certificate from
 * a test CA, htpasswd logins. The image goes there without the engine; a second push after one
 * changed file in the hub folder sends only the changed layer (and the image's config); the engine
 * then pulls the image by its digest and runs a hub from it that a user logs in to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushE2ETest {

  private static final String DIGEST_REFERENCE = ".+@sha256:[0-9a-f]{64}";

  private Path work;
  private Path project;
  private TestCertificates.Made ca;
  private TestCertificates.Made server;
  private LoopbackRegistry registry;
  private TestHub hub;
  private String reference;
  private String first;
  private String second;

  @BeforeAll
  void registryWithTlsAndLogins() throws Exception {
    work = Files.createTempDirectory("quickhub-push-");
    hub = new TestHub();
    ca = TestCertificates.ca(work, "quickhub-test-ca");
    server = TestCertificates.issuedBy(ca, work, "registry");
    registry =
        new LoopbackRegistry(
            Files.createDirectory(work.resolve("registry")), server, Files.readString(ca.cert()));
    project = work.resolve("hub");
    Sources.copy(project);
    reference = registry.host() + "/" + hub.name + "/hub:" + hub.name.substring(7);
    hub.ownsImage(reference);
  }

  @AfterAll
  void cleanUp() throws Exception {
    try {
      if (hub != null) {
        hub.close();
      }
    } finally {
      if (registry != null) {
        registry.close();
      }
      if (work != null) {
        Sources.deleteTree(work);
      }
    }
  }

  private Cli push(String password, String... more) {
    String[] args =
        new String[] {
          "push",
          reference,
          "--name",
          hub.name,
          "--project",
          project.toString(),
          "--registry-user",
          registry.user,
          "--password-stdin"
        };
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.runWithStdin(password + "\n", all);
  }

  @Test
  @Order(1)
  void aPushSendsTheImageWithoutTheEngine() throws Exception {
    long start = System.nanoTime();
    Cli pushed = push(registry.password, "--registry-ca", ca.cert().toString());
    System.out.printf(
        "first push: %d s, %d blobs in the registry, %d uploads%n",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
        registry.blobs().size(),
        registry.blobUploads());
    assertThat(pushed.exitCode()).as(pushed.err()).isZero();
    first = pushed.out().strip();
    assertThat(first).matches(DIGEST_REFERENCE).startsWith(reference + "@");
    assertThat(pushed.err()).doesNotContain(registry.password);
    assertThatThrownBy(() -> hub.docker().inspectImageCmd(reference).exec())
        .as("no image with the registry's tag in the engine")
        .isInstanceOf(NotFoundException.class);
    assertThat(HubSettings.load(Dirs.hubSettings(), hub.name).pushedImage())
        .as("remembered for export")
        .isEqualTo(first);
  }

  @Test
  @Order(2)
  void aSecondPushAfterOneChangedFileSendsOnlyThatLayer() throws Exception {
    Set<String> before = registry.blobs();
    long uploadsBefore = registry.blobUploads();
    Files.writeString(
        project.resolve("users/seed.csv"),
        "student2,Second student,,false\n",
        StandardOpenOption.APPEND);
    long start = System.nanoTime();
    Cli pushed = push(registry.password, "--registry-ca", ca.cert().toString());
    assertThat(pushed.exitCode()).as(pushed.err()).isZero();
    second = pushed.out().strip();
    Set<String> added = new HashSet<>(registry.blobs());
    added.removeAll(before);
    long uploads = registry.blobUploads() - uploadsBefore;
    System.out.printf(
        "second push: %d s, %d blobs before, %d new: %s; %d uploads%n",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
        before.size(),
        added.size(),
        added,
        uploads);
    assertThat(second).matches(DIGEST_REFERENCE).isNotEqualTo(first);
    // The registry keeps manifests among its blobs too: the new one is put, not uploaded.
    assertThat(added.remove(second.substring(second.indexOf('@') + 1))).isTrue();
    assertThat(added)
        .as("the changed seed layer and the image's new config, nothing else")
        .hasSize(2);
    assertThat(uploads).as("blob uploads the registry logged").isEqualTo(2);
    assertThat(HubSettings.load(Dirs.hubSettings(), hub.name).pushedImage()).isEqualTo(second);
  }

  @Test
  @Order(3)
  void theEnginePullsTheSameImageAndItRunsAHub() throws Exception {
    hub.docker()
        .pullImageCmd(reference.substring(0, reference.lastIndexOf(':')))
        .withTag(reference.substring(reference.lastIndexOf(':') + 1))
        .withAuthConfig(
            new AuthConfig()
                .withRegistryAddress(registry.host())
                .withUsername(registry.user)
                .withPassword(registry.password))
        .exec(new PullImageResultCallback())
        .awaitCompletion(5, TimeUnit.MINUTES);
    InspectImageResponse pulled = hub.docker().inspectImageCmd(reference).exec();
    String digest = second.substring(second.indexOf('@') + 1);
    assertThat(pulled.getRepoDigests())
        .as("the pulled image is the one pushed")
        .contains(reference.substring(0, reference.lastIndexOf(':')) + "@" + digest);

    Cli built = Cli.run(hub.args("build", "--project", project.toString()));
    assertThat(built.exitCode()).as(built.err()).isZero();
    assertThat(hub.docker().inspectImageCmd(hub.image).exec().getId())
        .as("the same image id as the engine build of the same hub folder")
        .isEqualTo(pulled.getId());

    // up finds the pulled image up to date (the same build inputs) and runs it as it is.
    Cli up =
        Cli.run(
            "up",
            "--name",
            hub.name,
            "--image",
            reference,
            "--port",
            String.valueOf(hub.port),
            "--project",
            project.toString());
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(hub.docker().inspectContainerCmd(hub.name).exec().getImageId())
        .isEqualTo(pulled.getId());
    HubClient student = HubClient.at(hub.url());
    assertThat(loginWithin(student, "student2", Duration.ofMinutes(2)))
        .as("the account of the changed layer logs in")
        .isTrue();
    assertThat(HubClient.at(hub.url()).login("user1", "user1")).isTrue();
  }

  @Test
  @Order(4)
  void aWrongPasswordGetsOneSentence() throws Exception {
    String wrong = "wrong-" + registry.password;
    Cli refused = push(wrong, "--registry-ca", ca.cert().toString());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err())
        .contains("The registry " + registry.host() + " refused user " + registry.user)
        .doesNotContain(wrong);
    assertThat(sentences(refused)).hasSize(1);
  }

  @Test
  @Order(5)
  void anUntrustedCertificateIsNamedAndInsecureAcceptsIt() throws Exception {
    Cli untrusted = push(registry.password);
    assertThat(untrusted.exitCode()).isNotZero();
    assertThat(untrusted.err())
        .contains("presents a certificate that is not trusted (CN=registry, issued by")
        .contains(ca.certificate().getSubjectX500Principal().getName())
        .contains("SHA-256 " + server.fingerprint())
        .contains("--registry-ca");
    assertThat(sentences(untrusted)).hasSize(1);

    Cli insecure = push(registry.password, "--insecure-registry");
    assertThat(insecure.exitCode()).as(insecure.err()).isZero();
    assertThat(insecure.out().strip()).isEqualTo(second);
  }

  @Test
  @Order(6)
  void anUnreachableRegistryGetsOneSentence() {
    Cli unreachable =
        Cli.run(
            "push",
            "127.0.0.1:" + TestHub.freePort() + "/x/hub:1",
            "--name",
            hub.name,
            "--project",
            project.toString());
    assertThat(unreachable.exitCode()).isNotZero();
    assertThat(unreachable.err()).contains("cannot be reached");
    assertThat(sentences(unreachable)).hasSize(1);
  }

  @Test
  @Order(7)
  void credentialsNeverGoOverPlainHttpEvenToAnInsecureRegistry() throws Exception {
    try (LoopbackRegistry plain =
        new LoopbackRegistry(Files.createDirectory(work.resolve("plain-registry")))) {
      Cli refused =
          Cli.runWithStdin(
              plain.password + "\n",
              "push",
              plain.host() + "/" + hub.name + "/hub:1",
              "--name",
              hub.name,
              "--project",
              project.toString(),
              "--registry-user",
              plain.user,
              "--password-stdin",
              "--insecure-registry");
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.err())
          .contains(
              "The registry "
                  + plain.host()
                  + " speaks plain HTTP and asks for credentials, which quickhub never sends"
                  + " unencrypted");
      assertThat(sentences(refused)).hasSize(1);
      assertThat(plain.blobUploads()).as("nothing was sent").isZero();
    }
  }

  /**
   * A login, tried again while the connection times out: on a loaded machine the engine's port
   * forwarding can be slow to accept just after a heavy image load.
   */
  private static boolean loginWithin(HubClient client, String user, Duration patience)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    while (true) {
      try {
        return client.login(user, user);
      } catch (QuickHubException e) {
        if (Instant.now().isAfter(deadline)
            || !(e.getCause() instanceof java.net.http.HttpConnectTimeoutException)) {
          throw e;
        }
        System.out.println("login of " + user + " timed out connecting; trying again");
        Thread.sleep(2000);
      }
    }
  }

  /** What the launcher said besides its progress lines. */
  private static java.util.List<String> sentences(Cli cli) {
    return cli.err().lines().filter(line -> line.startsWith("quickhub: ")).toList();
  }
}
