package dev.quickhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.QuickHubException;
import dev.quickhub.users.Account;
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
    assertThat(HubRuntime.configDigest(spec, image))
        .isEqualTo(HubRuntime.configDigest(spec, image));
    assertThat(HubRuntime.configDigest(spec, other))
        .isNotEqualTo(HubRuntime.configDigest(spec, image));
    assertThat(HubRuntime.configDigest(spec.toBuilder().port(9000).build(), image))
        .isNotEqualTo(HubRuntime.configDigest(spec, image));
  }

  @Test
  void accountLinesFromTheImageAreRead() {
    List<Account> accounts =
        HubRuntime.parseAccounts(
            "{\"name\": \"admin\", \"uid\": 1000, \"gid\": 1000, \"groups\": [\"sudo\"], \"admin\": true,"
                + " \"home\": true, \"default_password\": true}\n\n");
    assertThat(accounts)
        .containsExactly(new Account("admin", 1000, 1000, List.of("sudo"), true, true, true));
    assertThatThrownBy(() -> HubRuntime.parseAccounts("not json")).hasMessageContaining("not json");
  }
}
