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
  private static final String IMAGE = "sha256:" + "ab".repeat(32);

  @Test
  void oneVariableHoldsTheWholeDocument() {
    assertThat(ContainerConfig.environment(SPEC, IMAGE, VolumeSet.defaults()))
        .containsExactly(
            "QUICKHUB_CONFIG={\"shares\":[{\"name\":\"shared\",\"path\":\"/srv/shared\","
                + "\"access\":\"read-only\",\"writers\":\"jupyterhub-admins\"},{\"name\":\"data\","
                + "\"path\":\"/srv/data\",\"access\":\"host\"}],\"user_memory\":536870912,"
                + "\"user_pids\":512,\"cull_idle\":1200,\"tls\":true,\"http_redirect_to\":8443}");
  }

  @Test
  void withoutPlainHttpNothingRedirects() {
    assertThat(
            ContainerConfig.document(
                SPEC.toBuilder().httpPort(null).build(), IMAGE, VolumeSet.defaults()))
        .endsWith("\"tls\":true,\"http_redirect_to\":null}");
  }

  @Test
  void theImagesReaderTakesTheDocumentAsWritten() throws Exception {
    String document = ContainerConfig.document(SPEC, IMAGE, VolumeSet.defaults());
    assertThat(readBack(document).toString()).isEqualTo(document);
  }

  @Test
  void containerServersGetWhatTheSpawnerPutsInEachUsersContainer() throws Exception {
    HubSpec spec = SPEC.toBuilder().name("course").servers(Servers.CONTAINER).userCpus(0.5).build();
    String document = ContainerConfig.document(spec, IMAGE, VolumeSet.defaults());
    assertThat(document)
        .startsWith(
            "{\"servers\":\"container\",\"hub\":\"course\",\"image\":\""
                + IMAGE
                + "\",\"network\":\"course-net\",\"volumes\":{\"home\":\"course_home\","
                + "\"etc\":\"course_etc\",\"srv\":\"course_srv\",\"shared\":\"course_shared\"},"
                + "\"user_cpus\":0.5,")
        .contains("\"access\":\"host\",\"source\":\"/data/course\",\"read_only\":true}");
    assertThat(readBack(document).toString()).isEqualTo(document);
    JsonNode read = readBack(document);
    assertThat(read.get("servers").asText()).isEqualTo("container");
    assertThat(read.get("user_cpus").asDouble()).isEqualTo(0.5);
    assertThat(read.get("volumes").get("home").asText()).isEqualTo("course_home");
  }

  /** What the image's reader makes of {@code document}: the keys it holds, as read. */
  private static JsonNode readBack(String document) throws Exception {
    return ImagePython.run(
        "config = c.config()._asdict()\n"
            + "print(json.dumps({k: config[k] for k in json.loads(sys.argv[2])}))",
        Map.of("QUICKHUB_CONFIG", document),
        document);
  }
}
