package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * --json for scripts against a real hub: stdout is one JSON document with the hub's real values,
 * and a failure leaves stdout empty with its sentence on stderr.
 */
class JsonE2ETest {

  /** Strict: anything after the document (a stray progress line) fails the parse. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Test
  void lsStatusAndUsersListPrintTheRunningHubAsJson() throws Exception {
    try (TestHub hub = new TestHub()) {
      Cli up = Cli.run(hub.args("up"));
      assertThat(up.exitCode()).as(up.err()).isZero();
      String url = hub.url().toString();

      Cli ls = Cli.run("ls", "--json");
      assertThat(ls.exitCode()).as(ls.err()).isZero();
      JsonNode mine = byName(JSON.readTree(ls.out()), hub.name);
      assertThat(mine.get("state").asText()).isEqualTo("running");
      assertThat(mine.get("url").asText()).isEqualTo(url);
      assertThat(mine.get("users").asInt()).isEqualTo(2);
      assertThat(mine.get("disk_bytes").asLong()).isPositive();

      Cli status = Cli.run(hub.args("status", "--json"));
      assertThat(status.exitCode()).as(status.err()).isZero();
      JsonNode hubStatus = JSON.readTree(status.out());
      assertThat(hubStatus.get("name").asText()).isEqualTo(hub.name);
      assertThat(hubStatus.get("state").asText()).isEqualTo("running");
      assertThat(hubStatus.get("url").asText()).isEqualTo(url);
      assertThat(hubStatus.get("image_id").asText())
          .isEqualTo(hub.docker().inspectContainerCmd(hub.name).exec().getImageId());
      assertThat(hubStatus.get("base_created").asText()).startsWith("20");
      assertThat(hubStatus.get("volumes").toString()).contains(hub.name + "_home -> /home");
      assertThat(hubStatus.get("options").get("port").asInt()).isEqualTo(hub.port);
      assertSeeded(hubStatus.get("accounts"));

      Cli list = Cli.run("users", "list", "--name", hub.name, "--json");
      assertThat(list.exitCode()).as(list.err()).isZero();
      assertSeeded(JSON.readTree(list.out()));
      assertThat(list.out()).doesNotContain("\"password\"");

      assertThat(Cli.run(hub.args("down")).exitCode()).isZero();
      Cli absent = Cli.run(hub.args("status", "--json"));
      assertThat(absent.exitCode()).as("no container").isEqualTo(3);
      assertThat(JSON.readTree(absent.out()).get("state").asText()).isEqualTo("absent");
      Cli failed = Cli.run("users", "list", "--name", hub.name, "--json");
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.out()).isEmpty();
      assertThat(failed.err().strip())
          .startsWith("quickhub: There is no hub named")
          .hasLineCount(1);
    }
  }

  /** The seed list's accounts: admin is a hub admin, user1 is not; both keep their defaults. */
  private static void assertSeeded(JsonNode accounts) {
    assertThat(accounts.isArray()).isTrue();
    JsonNode admin = byName(accounts, "admin");
    JsonNode user1 = byName(accounts, "user1");
    assertThat(admin.get("admin").asBoolean()).isTrue();
    assertThat(admin.get("groups").toString()).contains("jupyterhub-admins");
    assertThat(admin.get("default_password").asBoolean()).isTrue();
    assertThat(user1.get("admin").asBoolean()).isFalse();
    assertThat(user1.get("uid").asInt()).isEqualTo(1001);
    assertThat(user1.get("home").asBoolean()).isTrue();
  }

  private static JsonNode byName(JsonNode array, String name) {
    return StreamSupport.stream(array.spliterator(), false)
        .filter(node -> name.equals(node.get("name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + array));
  }
}
