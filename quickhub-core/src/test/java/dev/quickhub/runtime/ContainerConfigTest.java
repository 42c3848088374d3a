package dev.quickhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quickhub.contract.ImagePython;
import dev.quickhub.volumes.VolumeSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerConfigTest {

  private static final HubSpec SPEC =
      HubSpec.builder()
          .port(8443)
          .tls(true)
          .httpPort(8081)
          .share(HostShare.parse("/data/course:data:ro"))
          .userMemory(512L << 20)
          .cullIdle(Duration.ofMinutes(20))
          .build();

  @Test
  void oneVariableHoldsTheWholeDocument() {
    assertThat(ContainerConfig.environment(SPEC, VolumeSet.defaults()))
        .containsExactly(
            "QUICKHUB_CONFIG={\"shares\":[{\"name\":\"shared\",\"path\":\"/srv/shared\","
                + "\"access\":\"read-only\",\"writers\":\"jupyterhub-admins\"},{\"name\":\"data\","
                + "\"path\":\"/srv/data\",\"access\":\"host\"}],\"user_memory\":536870912,"
                + "\"user_pids\":512,\"cull_idle\":1200,\"tls\":true,\"http_redirect_to\":8443}");
  }

  @Test
  void withoutPlainHttpNothingRedirects() {
    assertThat(
            ContainerConfig.document(SPEC.toBuilder().httpPort(null).build(), VolumeSet.defaults()))
        .endsWith("\"tls\":true,\"http_redirect_to\":null}");
  }

  @Test
  void theImagesReaderTakesTheDocumentAsWritten() throws Exception {
    String document = ContainerConfig.document(SPEC, VolumeSet.defaults());
    JsonNode read =
        ImagePython.run(
            "print(json.dumps(c.config()._asdict()))", Map.of("QUICKHUB_CONFIG", document), "");
    assertThat(read.toString()).isEqualTo(document);
  }
}
