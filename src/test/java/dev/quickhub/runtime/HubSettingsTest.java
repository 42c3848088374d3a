package dev.quickhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
  void describeNamesDefaults() {
    assertThat(HubSettings.none().describe())
        .isEqualTo("port 8000 (default), bind 127.0.0.1 (default), base Debian recipe (default)");
  }

  @Test
  void corruptFileIsOneClearSentence() throws Exception {
    Files.writeString(dir.resolve("course.json"), "{not json");
    assertThatThrownBy(() -> HubSettings.load(dir, "course"))
        .hasMessageContaining("delete that file");
  }
}
