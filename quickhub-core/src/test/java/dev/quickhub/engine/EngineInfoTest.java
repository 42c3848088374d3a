package dev.quickhub.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Version;
import org.junit.jupiter.api.Test;

/** The engine named from its version report, as Docker 20.10 and Podman 4.3 send it. */
class EngineInfoTest {

  private static EngineInfo of(String json) throws Exception {
    return EngineInfo.of(new ObjectMapper().readValue(json, Version.class));
  }

  @Test
  void dockerIsTheEngineThatIsNotPodman() throws Exception {
    EngineInfo docker =
        of(
            "{\"Platform\":{\"Name\":\"\"},\"Components\":[{\"Name\":\"Engine\","
                + "\"Version\":\"20.10.24+dfsg1\"}],\"Version\":\"20.10.24+dfsg1\"}");
    assertThat(docker.podman()).isFalse();
    assertThat(docker).hasToString("Docker 20.10.24+dfsg1");
  }

  @Test
  void podmanNamesItselfInTheComponents() throws Exception {
    EngineInfo podman =
        of(
            "{\"Platform\":{\"Name\":\"linux/amd64/debian-12\"},\"Components\":[{\"Name\":"
                + "\"Podman Engine\",\"Version\":\"4.3.1\"},{\"Name\":\"Conmon\",\"Version\":"
                + "\"conmon version 2.1.6\"}],\"Version\":\"4.3.1\",\"ApiVersion\":\"1.41\"}");
    assertThat(podman.podman()).isTrue();
    assertThat(podman.name()).isEqualTo("Podman");
    assertThat(podman.version()).isEqualTo("4.3.1");
    assertThat(podman)
        .isEqualTo(of("{\"Components\":[{\"Name\":\"Podman Engine\",\"Version\":\"4.3.1\"}]}"));
  }

  @Test
  void aReportWithoutVersionSaysSo() throws Exception {
    assertThat(of("{}")).hasToString("Docker (version unknown)");
  }
}
