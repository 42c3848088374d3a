package dev.quickhub.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.engine.Labels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageContractTest {

  private static final ImageContract CONTRACT = ImageContract.get();
  private static final List<String> NAMES =
      List.of(
          "a",
          "_x",
          "user1",
          "course-2",
          "a".repeat(32),
          "a".repeat(33),
          "",
          "1user",
          "Alice",
          "alice\n",
          "a.b");

  @Test
  void theClasspathCopyIsTheImagesFile() throws Exception {
    try (InputStream packed = ImageContract.class.getResourceAsStream("contract.json")) {
      assertThat(packed.readAllBytes())
          .isEqualTo(Files.readAllBytes(Path.of("image/contract.json")));
    }
  }

  @Test
  void declaresWhatTheLauncherUses() {
    assertThat(CONTRACT.installRoot()).isEqualTo("/opt/quickhub");
    assertThat(CONTRACT.toolPath("quickhub-users")).isEqualTo("/opt/quickhub/bin/quickhub-users");
    assertThat(CONTRACT.installPath("seed")).isEqualTo("/opt/quickhub/users/seed.csv");
    assertThat(CONTRACT.volumePath("srv")).isEqualTo("/srv/quickhub");
    assertThat(CONTRACT.statePath("challenges")).isEqualTo("/srv/quickhub/acme/challenges");
    assertThat(CONTRACT.hubPort()).isEqualTo(8000);
    assertThat(CONTRACT.httpPort()).isEqualTo(8080);
    assertThat(CONTRACT.adminGroup()).isEqualTo("jupyterhub-admins");
    assertThat(CONTRACT.configVariable()).isEqualTo("QUICKHUB_CONFIG");
  }

  @Test
  void theEnginesLabelsAreTheDeclaredOnes() throws Exception {
    assertThat(
            Map.of(
                "hub", Labels.HUB,
                "ephemeral", Labels.EPHEMERAL,
                "tls", Labels.TLS,
                "config", Labels.CONFIG,
                "adopted_from", Labels.ADOPTED_FROM,
                "version", Labels.VERSION,
                "base", Labels.BASE,
                "base_created", Labels.BASE_CREATED,
                "inputs", Labels.INPUTS))
        .isEqualTo(
            new ObjectMapper()
                .convertValue(
                    new ObjectMapper()
                        .readTree(Path.of("image/contract.json").toFile())
                        .get("labels"),
                    Map.class));
  }

  @Test
  void anUndeclaredNameFailsLoudly() {
    assertThatThrownBy(() -> CONTRACT.toolPath("rm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no tool rm");
    assertThatThrownBy(() -> CONTRACT.installPath("nothing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("install_paths.nothing");
  }

  @Test
  void everyDeclaredToolIsAnExecutableOfTheImage() {
    assertThat(CONTRACT.tools())
        .isNotEmpty()
        .allSatisfy(tool -> assertThat(Path.of("image/bin", tool)).isExecutable());
  }

  @Test
  void theNameRuleMatchesWholeNamesUpToTheLength() {
    assertThat(NAMES.stream().filter(CONTRACT::isUserName))
        .containsExactly("a", "_x", "user1", "course-2", "a".repeat(32));
    assertThat(CONTRACT.isUserName(null)).isFalse();
    assertThat(CONTRACT.nameRule()).startsWith("1 to " + CONTRACT.nameMaxLength() + " ");
  }

  @Test
  void theImagesPythonSeesTheSameValues() throws Exception {
    JsonNode python =
        ImagePython.run(
            "print(json.dumps({'root': c.INSTALL_ROOT, 'hub': c.HUB_PORT, 'http': c.HTTP_PORT,"
                + " 'admins': c.ADMIN_GROUP, 'variable': c.CONFIG_VARIABLE,"
                + " 'users': c.tool('quickhub-users'), 'tls': c.state_path('tls'),"
                + " 'rule': c.NAME_RULE, 'names': [c.is_user_name(n) for n in json.loads(sys.argv[2])]}))",
            Map.of(),
            new ObjectMapper().writeValueAsString(NAMES));
    assertThat(python.get("root").asText()).isEqualTo(CONTRACT.installRoot());
    assertThat(python.get("hub").asInt()).isEqualTo(CONTRACT.hubPort());
    assertThat(python.get("http").asInt()).isEqualTo(CONTRACT.httpPort());
    assertThat(python.get("admins").asText()).isEqualTo(CONTRACT.adminGroup());
    assertThat(python.get("variable").asText()).isEqualTo(CONTRACT.configVariable());
    assertThat(python.get("users").asText()).isEqualTo(CONTRACT.toolPath("quickhub-users"));
    assertThat(python.get("tls").asText()).isEqualTo(CONTRACT.statePath("tls"));
    assertThat(python.get("rule").asText()).isEqualTo(CONTRACT.nameRule());
    for (int i = 0; i < NAMES.size(); i++) {
      assertThat(python.get("names").get(i).asBoolean())
          .as(NAMES.get(i))
          .isEqualTo(CONTRACT.isUserName(NAMES.get(i)));
    }
  }
}
