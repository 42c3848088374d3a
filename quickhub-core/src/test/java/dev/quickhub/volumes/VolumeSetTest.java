package dev.quickhub.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeSetTest {

  @TempDir Path dir;

  @Test
  void shippedFileDeclaresTheDefaults() {
    VolumeSet shipped = VolumeSet.read(Path.of("volumes/hub.yaml"));
    assertThat(shipped.volumes()).isEqualTo(VolumeSet.defaults().volumes());
    assertThat(shipped.volumes().get(0).volumeName("quickjh")).isEqualTo("quickjh_home");
  }

  @Test
  void missingRequiredVolumeIsRefused() throws IOException {
    Path file = dir.resolve("hub.yaml");
    Files.writeString(file, "volumes:\n  - name: home\n    path: /home\n");
    assertThatThrownBy(() -> VolumeSet.read(file)).hasMessageContaining("'etc'");
  }

  @Test
  void badEntriesAreRefusedWithTheirValue() throws IOException {
    Path file = dir.resolve("hub.yaml");
    Files.writeString(file, "volumes:\n  - name: home\n    path: relative/path\n");
    assertThatThrownBy(() -> VolumeSet.read(file)).hasMessageContaining("'relative/path'");
    Files.writeString(file, "volumes:\n  - {name: home, path: /home\n");
    assertThatThrownBy(() -> VolumeSet.read(file)).hasMessageContaining("fix its YAML");
    Files.writeString(file, "volumes:\n  - {name: data, path: /srv/data, access: everyone}\n");
    assertThatThrownBy(() -> VolumeSet.read(file))
        .hasMessage(
            "Volume 'data' in volumes/hub.yaml has access 'everyone'; use read-only or read-write.");
    Files.writeString(file, "volumes:\n  - {name: etc, path: /etc, access: read-write}\n");
    assertThatThrownBy(() -> VolumeSet.read(file)).hasMessageContaining("cannot be shared");
  }
}
