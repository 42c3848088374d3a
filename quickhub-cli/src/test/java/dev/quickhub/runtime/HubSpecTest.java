package dev.quickhub.runtime;

import static dev.quickhub.cli.AsCli.asCli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.users.Account;
import dev.quickhub.volumes.HubVolume;
import dev.quickhub.volumes.VolumeSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubSpecTest {

  @Test
  void defaultsAreTheOriginalsNameAndPortOnLoopback() {
    HubSpec spec = HubSpec.builder().build();
    assertThat(spec.name()).isEqualTo("quickjh");
    assertThat(spec.port()).isEqualTo(8000);
    assertThat(spec.bind()).isEqualTo("127.0.0.1");
    assertThat(spec.isLoopback()).isTrue();
    assertThat(spec.url()).isEqualTo("http://localhost:8000/");
  }

  @Test
  void wildcardBindIsPublicButReachedOnLoopback() {
    HubSpec spec = HubSpec.builder().bind("0.0.0.0").port(8001).build();
    assertThat(spec.isLoopback()).isFalse();
    assertThat(spec.url()).isEqualTo("http://localhost:8001/");
    assertThat(HubSpec.builder().bind("192.0.2.10").build().url())
        .isEqualTo("http://192.0.2.10:8000/");
  }

  @Test
  void badValuesAreRefusedWithTheValue() {
    assertThatThrownBy(() -> HubSpec.builder().name("My Hub").build())
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("'My Hub'");
    assertThatThrownBy(() -> HubSpec.builder().port(70000).build()).hasMessageContaining("70000");
    assertThatThrownBy(() -> HubSpec.builder().bind("example.org").build())
        .hasMessageContaining("'example.org'");
  }

  @Test
  void configLabelChangesWithImageAndOptions() {
    var image = new dev.quickhub.image.HubImage("t", "sha256:aa", "b", "c");
    var other = new dev.quickhub.image.HubImage("t", "sha256:bb", "b", "c");
    HubSpec spec = HubSpec.builder().build();
    assertThat(ContainerStep.configDigest(spec, image, VolumeSet.defaults()))
        .isEqualTo(ContainerStep.configDigest(spec, image, VolumeSet.defaults()));
    assertThat(ContainerStep.configDigest(spec, other, VolumeSet.defaults()))
        .isNotEqualTo(ContainerStep.configDigest(spec, image, VolumeSet.defaults()));
    assertThat(
            ContainerStep.configDigest(
                spec.toBuilder().port(9000).build(), image, VolumeSet.defaults()))
        .isNotEqualTo(ContainerStep.configDigest(spec, image, VolumeSet.defaults()));
    for (HubSpec changed :
        List.of(
            spec.toBuilder().cpus(1.5).build(),
            spec.toBuilder().memory(1L << 30).build(),
            spec.toBuilder().userMemory(1L << 29).build(),
            spec.toBuilder().pids(1000L).build(),
            spec.toBuilder().userPids(100).build(),
            spec.toBuilder().userPids(null).build(),
            spec.toBuilder().cullIdle(Duration.ofMinutes(30)).build(),
            spec.toBuilder().share(HostShare.parse("/data:data")).build(),
            spec.toBuilder().servers(Servers.CONTAINER).build(),
            spec.toBuilder().servers(Servers.CONTAINER).userCpus(0.5).build())) {
      assertThat(ContainerStep.configDigest(changed, image, VolumeSet.defaults()))
          .as(changed.toString())
          .isNotEqualTo(ContainerStep.configDigest(spec, image, VolumeSet.defaults()));
    }
  }

  @Test
  void sharesAndLimitsReachTheImageAsEnvironmentWithoutSecrets() {
    HubSpec spec =
        HubSpec.builder()
            .share(HostShare.parse("/data/course:data:ro"))
            .userMemory(512L << 20)
            .cullIdle(Duration.ofMinutes(20))
            .build();
    VolumeSet volumes =
        VolumeSet.of(
            List.of(
                new HubVolume("home", "/home"),
                new HubVolume("etc", "/etc"),
                new HubVolume("srv", "/srv/quickhub"),
                new HubVolume("shared", "/srv/shared", HubVolume.READ_ONLY, null)));
    assertThat(ContainerConfig.environment(spec, "sha256:1", volumes))
        .containsExactly(
            "QUICKHUB_CONFIG={\"shares\":[{\"name\":\"shared\",\"path\":\"/srv/shared\","
                + "\"access\":\"read-only\",\"writers\":\"jupyterhub-admins\"},{\"name\":\"data\","
                + "\"path\":\"/srv/data\",\"access\":\"host\"}],\"user_memory\":536870912,"
                + "\"user_pids\":512,\"cull_idle\":1200,\"tls\":false,\"http_redirect_to\":null}");
    assertThat(
            ContainerConfig.document(spec.toBuilder().userPids(null).build(), "sha256:1", volumes))
        .contains("\"user_pids\":null");
  }

  @Test
  void userCpusAreAContainersLimit() {
    assertThat(HubSpec.builder().build().servers()).isEqualTo(Servers.PROCESS);
    assertThatThrownBy(asCli(() -> HubSpec.builder().userCpus(1.0).build()))
        .isInstanceOf(QuickHubException.class)
        .hasMessage("--user-cpus needs --servers container; give --user-cpus 0 to remove it.");
    assertThatThrownBy(
            asCli(() -> HubSpec.builder().servers(Servers.CONTAINER).userCpus(-1.0).build()))
        .hasMessage("--user-cpus -1.0 is not a number of CPUs; give for example 0.5.");
    assertThat(HubSpec.builder().servers(Servers.CONTAINER).userCpus(0.5).build().userCpus())
        .contains(0.5);
  }

  @Test
  void aHubWithServersInContainersHasANameNoUserContainerOfAnotherHubCanTake() {
    // Hub "a" and user "b-user-c" would make the container of hub "a-user-b" and user "c".
    for (String name : List.of("a-user-b", "a-user")) {
      assertThatThrownBy(
              asCli(() -> HubSpec.builder().name(name).servers(Servers.CONTAINER).build()))
          .isInstanceOf(QuickHubException.class)
          .hasMessage(
              "Hub name '"
                  + name
                  + "' has '-user-' in it or ends in '-user', so its containers' names could be"
                  + " another hub's user containers; give --servers container a hub name without"
                  + " that.");
    }
    assertThat(HubSpec.builder().name("a-user-b").build().name()).isEqualTo("a-user-b");
    assertThat(HubSpec.builder().name("a-users").servers(Servers.CONTAINER).build().name())
        .isEqualTo("a-users");
  }

  @Test
  void gpusAreAContainersDeviceRequest() {
    assertThatThrownBy(asCli(() -> HubSpec.builder().gpus("all").build()))
        .isInstanceOf(QuickHubException.class)
        .hasMessage("--gpus needs --servers container; give --gpus 0 to remove it.");
    assertThatThrownBy(
            asCli(() -> HubSpec.builder().servers(Servers.CONTAINER).gpus("some").build()))
        .hasMessage(
            "--gpus some is not a number of GPUs; give all, a count such as 1, or 0 for none.");
    VolumeSet volumes = VolumeSet.defaults();
    HubSpec two = HubSpec.builder().servers(Servers.CONTAINER).gpus("2").build();
    assertThat(ContainerConfig.document(two, "sha256:1", volumes)).contains("\"gpus\":2");
    assertThat(HubGate.policy(two, "sha256:1", volumes)).contains("\"gpus\":2");
    HubSpec all = two.toBuilder().gpus("all").build();
    assertThat(HubGate.policy(all, "sha256:1", volumes)).contains("\"gpus\":\"all\"");
    assertThat(
            ContainerConfig.document(
                HubSpec.builder().servers(Servers.CONTAINER).build(), "sha256:1", volumes))
        .contains("\"gpus\":null");
    assertThat(ContainerConfig.document(HubSpec.builder().build(), "sha256:1", volumes))
        .doesNotContain("gpus");
  }

  @Test
  void processLimitsArePositive() {
    assertThat(HubSpec.builder().build().userPids()).contains(512);
    assertThat(HubSpec.builder().build().pids()).isEmpty();
    assertThatThrownBy(asCli(() -> HubSpec.builder().pids(-1L).build()))
        .isInstanceOf(QuickHubException.class)
        .hasMessage("--pids -1 is not a number of processes.");
    assertThatThrownBy(asCli(() -> HubSpec.builder().userPids(-5).build()))
        .isInstanceOf(QuickHubException.class)
        .hasMessage("--user-pids -5 is not a number of processes.");
  }

  @Test
  void hostSharesAreReadOnlyUnlessRw() {
    assertThat(HostShare.parse("/data/x:data")).isEqualTo(new HostShare("/data/x", "data", true));
    assertThat(HostShare.parse("/data/x:data:rw").readOnly()).isFalse();
    for (String bad : List.of("data", "relative:data", "/x:Data", "/x:data:rx", "/x:a:b:c")) {
      assertThatThrownBy(() -> HostShare.parse(bad)).isInstanceOf(QuickHubException.class);
    }
  }

  @Test
  void sizesReadAsTheDockerCliWritesThem() {
    assertThat(ByteSize.parse("--memory", "512m")).isEqualTo(512L << 20);
    assertThat(ByteSize.parse("--memory", "2g")).isEqualTo(2L << 30);
    assertThat(ByteSize.parse("--memory", "1.5G")).isEqualTo(3L << 29);
    assertThat(ByteSize.parse("--memory", "8388608")).isEqualTo(8L << 20);
    assertThatThrownBy(() -> ByteSize.parse("--memory", "lots"))
        .isInstanceOf(QuickHubException.class)
        .hasMessage("'lots' is not a size for --memory; give at least 4m, for example 512m or 2g.");
    assertThatThrownBy(() -> ByteSize.parse("--memory", "1k"))
        .isInstanceOf(QuickHubException.class);
  }

  @Test
  void accountsFromTheImagesToolAreRead() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Account> accounts =
        Account.list(
            json.readTree(
                "[{\"name\": \"admin\", \"uid\": 1000, \"gid\": 1000, \"groups\": [\"sudo\"],"
                    + " \"admin\": true, \"home\": true, \"default_password\": true}]"));
    assertThat(accounts)
        .containsExactly(new Account("admin", 1000, 1000, List.of("sudo"), true, true, true));
    assertThatThrownBy(() -> Account.list(json.readTree("\"not a list\"")))
        .hasMessageContaining("cannot read");
  }
}
