package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.runtime.HubSpec;
import dev.quickhub.runtime.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubSettingsTest {

  @TempDir Path dir;

  @Test
  void givenOptionsOverrideRememberedOnesFieldByField() {
    HubSettings remembered = new HubSettings(8001, "127.0.0.1", "my-base:1");
    HubSettings merged = remembered.overriddenBy(new HubSettings(null, "0.0.0.0", null));
    assertThat(merged).isEqualTo(new HubSettings(8001, "0.0.0.0", "my-base:1"));
  }

  @Test
  void savedSettingsComeBackAndForgettingRemovesThem() {
    new HubSettings(8123, null, null).save(dir, "course");
    assertThat(HubSettings.load(dir, "course")).isEqualTo(new HubSettings(8123, null, null));
    assertThat(HubSettings.load(dir, "other")).isEqualTo(HubSettings.none());
    HubSettings.forget(dir, "course");
    assertThat(HubSettings.load(dir, "course")).isEqualTo(HubSettings.none());
  }

  @Test
  void theLastPushedImageIsKeptByUpAndSaved() {
    String pushed = "registry.example.org/course/hub:1@sha256:" + "a".repeat(64);
    HubSettings settings = new HubSettings(8001, null, null).withPushedImage(pushed);
    HubSettings afterUp = settings.overriddenBy(new HubSettings(8002, null, null));
    assertThat(afterUp.pushedImage()).isEqualTo(pushed);
    assertThat(afterUp.port()).isEqualTo(8002);
    afterUp.save(dir, "course");
    assertThat(HubSettings.load(dir, "course").pushedImage()).isEqualTo(pushed);
    assertThat(afterUp.describe()).endsWith(", last pushed " + pushed);
    assertThat(HubSettings.none().pushedImage()).isNull();
  }

  @Test
  void describeNamesDefaults() {
    assertThat(HubSettings.none().describe())
        .isEqualTo(
            "port 8000 (default), bind 127.0.0.1 (default), base Debian recipe (default),"
                + " servers process (default)");
  }

  @Test
  void eachUserIsCappedUntilTheCapIsGivenAndProcessLimitsAreRemembered() {
    assertThat(HubSettings.none().applyTo(HubSpec.builder()).build().userPids())
        .contains(HubSpec.DEFAULT_USER_PIDS);
    assertThat(HubSettings.none().applyTo(HubSpec.builder()).build().pids()).isEmpty();
    HubSettings given =
        new HubSettings(
            null, null, null, null, null, null, null, 300L, 100, null, null, null, null, null);
    given.save(dir, "course");
    HubSettings back = HubSettings.load(dir, "course");
    assertThat(back).isEqualTo(given);
    assertThat(back.describe()).endsWith(", pids 300, user pids 100, servers process (default)");
    HubSettings later =
        back.overriddenBy(
            new HubSettings(
                null, null, null, null, null, null, null, null, 0, null, null, null, null, null));
    assertThat(later.pids()).isEqualTo(300L);
    assertThat(later.applyTo(HubSpec.builder()).build().userPids()).isEmpty();
  }

  @Test
  void corruptFileIsOneClearSentence() throws Exception {
    Files.writeString(dir.resolve("course.json"), "{not json");
    assertThatThrownBy(() -> HubSettings.load(dir, "course"))
        .hasMessageContaining("delete that file");
  }

  @Test
  void zeroTakesARememberedLimitBack() {
    HubSettings remembered =
        new HubSettings(
            null,
            null,
            null,
            List.of("/data:data"),
            1.5,
            "2g",
            "1g",
            2000L,
            64,
            30,
            null,
            Servers.CONTAINER,
            0.5,
            "all");
    HubSpec limited = remembered.applyTo(HubSpec.builder()).build();
    assertThat(limited.cpus()).contains(1.5);
    assertThat(limited.memory()).contains(2L << 30);
    assertThat(limited.pids()).contains(2000L);
    assertThat(limited.userPids()).contains(64);
    assertThat(limited.cullIdle()).contains(java.time.Duration.ofMinutes(30));
    assertThat(limited.shares()).hasSize(1);
    assertThat(limited.servers()).isEqualTo(Servers.CONTAINER);
    assertThat(limited.userCpus()).contains(0.5);
    assertThat(limited.gpus()).contains("all");
    HubSettings cleared =
        remembered.overriddenBy(
            new HubSettings(
                null, null, null, List.of("none"), 0.0, "0", "0", 0L, 0, 0, null, null, 0.0, "0"));
    HubSpec free = cleared.applyTo(HubSpec.builder()).build();
    assertThat(free.cpus()).isEmpty();
    assertThat(free.memory()).isEmpty();
    assertThat(free.userMemory()).isEmpty();
    assertThat(free.pids()).isEmpty();
    assertThat(free.userPids()).isEmpty();
    assertThat(free.cullIdle()).isEmpty();
    assertThat(free.shares()).isEmpty();
    assertThat(free.userCpus()).isEmpty();
    assertThat(free.gpus()).isEmpty();
    assertThat(
            remembered
                .overriddenBy(
                    new HubSettings(
                        null, null, null, null, null, null, null, null, null, null, null, null,
                        null, "none"))
                .applyTo(HubSpec.builder())
                .build()
                .gpus())
        .isEmpty();
    assertThat(free.servers()).isEqualTo(Servers.CONTAINER);
  }

  @Test
  void theServersModeIsRememberedAsItsWord() throws Exception {
    HubSettings given =
        new HubSettings(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Servers.CONTAINER,
            1.0,
            "2");
    given.save(dir, "course");
    assertThat(Files.readString(dir.resolve("course.json"))).contains("\"servers\":\"container\"");
    assertThat(HubSettings.load(dir, "course")).isEqualTo(given);
    assertThat(given.describe()).endsWith(", user cpus 1.0, gpus 2, servers container");
  }
}
