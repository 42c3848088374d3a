package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quickhub.engine.EngineInfo;
import dev.quickhub.runtime.HubStatus;
import dev.quickhub.runtime.HubSummary;
import dev.quickhub.runtime.ServerCount;
import dev.quickhub.runtime.Servers;
import dev.quickhub.tls.TlsSettings;
import dev.quickhub.users.Account;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The field names scripts rely on: snake_case, as the README lists them, and no secrets. */
class JsonOutputTest {

  private static final Account ADMIN =
      new Account("admin", 1000, 1000, List.of("jupyterhub-admins", "sudo"), true, true, true);
  private static final Account USER1 =
      new Account("user1", 1001, 1001, List.of(), false, true, false);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ls --json",
        "status --json --name course",
        "users list --json",
        "course status c101 hw1 --json"
      })
  void theListingCommandsTakeJson(String line) {
    CommandLine.ParseResult parsed = QuickHubCommand.commandLine().parseArgs(line.split(" "));
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    assertThat(parsed.hasMatchedOption("--json")).isTrue();
  }

  @Test
  void lsIsAnArrayOfHubs() throws Exception {
    JsonNode hubs =
        json(
            List.of(
                new HubSummary(
                    "quickjh",
                    "running",
                    "http://localhost:8000/",
                    2,
                    813_056,
                    new ServerCount(Servers.CONTAINER, 2)),
                new HubSummary(
                    "course", "down", "", -1, -1, new ServerCount(Servers.PROCESS, -1))));
    assertThat(hubs.isArray()).isTrue();
    assertThat(fields(hubs.get(0)))
        .containsExactly("name", "state", "url", "users", "disk_bytes", "servers");
    assertThat(hubs.get(0).get("servers").get("mode").asText()).isEqualTo("container");
    assertThat(hubs.get(0).get("servers").get("running").asInt()).isEqualTo(2);
    assertThat(hubs.get(0).get("url").asText()).isEqualTo("http://localhost:8000/");
    assertThat(hubs.get(0).get("disk_bytes").asLong()).isEqualTo(813_056);
    assertThat(hubs.get(1).get("users").asInt()).isEqualTo(-1);
  }

  @Test
  void statusIsOneObjectWithItsAccountsAndRememberedOptions() throws Exception {
    HubStatus status =
        new HubStatus(
            "quickjh",
            "running",
            "https://localhost:8443/",
            "sha256:abc",
            "quickhub-base:trixie",
            "2026-11-30T10:00:00Z",
            List.of("quickjh_home -> /home", "quickjh_etc -> /etc"),
            List.of(ADMIN, USER1),
            new EngineInfo("Docker", "20.10.24"),
            new ServerCount(Servers.PROCESS, -1));
    HubSettings remembered =
        new HubSettings(
            8443, null, null, null, null, "4g", "1g", null, null, 30, tls(), null, null, null);
    StringWriter text = new StringWriter();
    JsonOutput.print(new PrintWriter(text), JsonOutput.status(status, remembered));
    JsonNode node = JsonOutput.MAPPER.readTree(text.toString());

    assertThat(fields(node))
        .containsExactly(
            "name",
            "state",
            "url",
            "image_id",
            "base",
            "base_created",
            "volumes",
            "accounts",
            "engine",
            "servers",
            "options");
    assertThat(fields(node.get("engine"))).containsExactly("name", "version");
    assertThat(node.get("volumes").get(0).asText()).isEqualTo("quickjh_home -> /home");
    assertThat(fields(node.get("options")))
        .containsExactly("port", "memory", "user_memory", "cull_idle_minutes", "tls");
    assertThat(fields(node.get("options").get("tls")))
        .containsExactly("mode", "domain", "acme_email", "http_port");
    assertThat(node.get("accounts").get(0).get("admin").asBoolean()).isTrue();
    assertThat(text.toString()).doesNotContain("\"password\"", "token").endsWith("}\n");
  }

  @Test
  void usersListIsAnArrayOfAccountsWithoutPasswords() throws Exception {
    JsonNode accounts = json(List.of(ADMIN, USER1));
    assertThat(fields(accounts.get(0)))
        .containsExactly("name", "uid", "gid", "groups", "admin", "home", "default_password");
    assertThat(accounts.get(0).get("groups").get(1).asText()).isEqualTo("sudo");
    assertThat(accounts.get(1).get("admin").asBoolean()).isFalse();
    assertThat(accounts.get(1).get("default_password").asBoolean()).isFalse();
  }

  private static TlsSettings tls() {
    return new TlsSettings(
        TlsSettings.ACME, "hub.example.org", "me@example.org", null, null, 80, null);
  }

  private static JsonNode json(Object value) throws Exception {
    StringWriter text = new StringWriter();
    JsonOutput.print(new PrintWriter(text), value);
    return JsonOutput.MAPPER.readTree(text.toString());
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
