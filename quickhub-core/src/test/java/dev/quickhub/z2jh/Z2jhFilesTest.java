package dev.quickhub.z2jh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of an export from a fixed hub description, checked as the chart and cluster read them.
 */
class Z2jhFilesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String HASH =
      "$y$j9T$quickhubquickhubquick/$t5EXqIQyK5fpvBpWzHA6/3Mr0gPRsnPg1597yVrJ4z6";

  static Z2jhHub hub() {
    return Z2jhHub.builder()
        .name("course")
        .image("registry.example.org/quick-jupyterhub:2026@sha256:" + "a".repeat(64))
        .user(new Z2jhHub.User("admin", 1000, 1000, true, HASH, 10))
        .user(new Z2jhHub.User("Ünïcode", 1001, 1001, false, HASH + "u", 3L << 30))
        .user(new Z2jhHub.User("a.b", 1002, 1002, false, HASH + "a", 0))
        .user(new Z2jhHub.User("UPPER", 1003, 1003, false, "!", 0))
        .share(new Z2jhHub.Share("shared", "/srv/shared", true, 100))
        .share(new Z2jhHub.Share("data_rw", "/srv/data_rw", false, 100))
        .userMemory(2L << 30)
        .userCpus(1.5)
        .cullIdle(Duration.ofMinutes(30))
        .letsEncrypt("hub.example.org", "teacher@example.org")
        .build();
  }

  @Test
  void configCarriesTheContractAndTheHubsSettings(@TempDir Path dir) throws Exception {
    Z2jhExport.writeFiles(hub(), dir);
    String text = Files.readString(dir.resolve("config.yaml"));
    assertThat(text).startsWith("# Zero to JupyterHub chart 4.4.0 ");
    JsonNode config = YAML.readTree(text);
    JsonNode single = config.get("singleuser");
    assertThat(single.at("/image/name").asText())
        .isEqualTo("registry.example.org/quick-jupyterhub");
    assertThat(single.at("/image/tag").asText()).isEqualTo("2026@sha256:" + "a".repeat(64));
    assertThat(single.at("/cmd/0").asText()).isEqualTo("/opt/quickhub/bin/quickhub-singleuser");
    assertThat(config.at("/hub/config/KubeSpawner/extra_container_config/command/0").asText())
        .isEqualTo("/usr/bin/env");
    assertThat(single.at("/extraEnv/HOME").asText()).isEqualTo("/home/{unescaped_username}");
    assertThat(single.at("/extraEnv/QUICKHUB_CONFIG").asText())
        .isEqualTo(
            "{{\"shares\":[{{\"name\":\"shared\",\"path\":\"/srv/shared\"}},"
                + "{{\"name\":\"data_rw\",\"path\":\"/srv/data_rw\"}}]}}");
    assertThat(single.at("/storage/homeMountPath").asText())
        .isEqualTo("/home/{unescaped_username}");
    assertThat(single.at("/storage/capacity").asText()).isEqualTo("10Gi");
    assertThat(single.at("/storage/extraVolumeMounts/0/readOnly").asBoolean()).isTrue();
    assertThat(single.at("/storage/extraVolumeMounts/1/readOnly").asBoolean()).isFalse();
    assertThat(single.at("/defaultUrl").asText()).isEqualTo("/lab");
    assertThat(config.at("/hub/config/KubeSpawner/notebook_dir").asText()).isEqualTo("~/notebook");
    assertThat(single.at("/memory/limit").asText()).isEqualTo("2048M");
    assertThat(single.at("/memory/guarantee").asText()).isEqualTo("1024M");
    assertThat(single.at("/cpu/limit").asDouble()).isEqualTo(1.5);
    assertThat(config.at("/cull/timeout").asLong()).isEqualTo(1800);
    assertThat(config.at("/proxy/https/hosts/0").asText()).isEqualTo("hub.example.org");
    assertThat(config.at("/proxy/https/letsencrypt/contactEmail").asText())
        .isEqualTo("teacher@example.org");
    assertThat(config.at("/hub/config/Authenticator/admin_users").toString())
        .isEqualTo("[\"admin\"]");
    assertThat(config.at("/hub/config/Authenticator/allowed_users")).hasSize(4);
    assertThat(config.at("/hub/extraConfig/10-quickhub-passwords").asText())
        .isEqualTo(
            Files.readString(
                Path.of("image/k8s/quickhub_z2jh_auth.py")
                    .toAbsolutePath()
                    .normalize()
                    .getFileSystem()
                    .getPath(root(), "image/k8s/quickhub_z2jh_auth.py")));
    assertThat(config.at("/hub/extraConfig/20-quickhub-ids").asText())
        .contains("\"Ünïcode\":[1001,1001]");
  }

  @Test
  void idsAreTheExportedOnesAndAnUnknownUserIsNotSpawned(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")));
    Z2jhExport.writeFiles(hub(), dir);
    String ids =
        YAML.readTree(dir.resolve("config.yaml").toFile())
            .at("/hub/extraConfig/20-quickhub-ids")
            .asText();
    // The snippet as the chart runs it, with KubeSpawner's settings as plain attributes.
    String check =
        """
        import types
        c = types.SimpleNamespace(KubeSpawner=types.SimpleNamespace(uid=1000, fs_gid=100))
        exec(open("ids.py").read())
        spawner = lambda name: types.SimpleNamespace(user=types.SimpleNamespace(name=name))
        print(c.KubeSpawner.uid(spawner("Ünïcode")), c.KubeSpawner.gid(spawner("Ünïcode")))
        print(c.KubeSpawner.fs_gid)
        try:
            c.KubeSpawner.uid(spawner("newcomer"))
        except ValueError as e:
            print(e)
        """;
    Files.writeString(dir.resolve("ids.py"), ids);
    Files.writeString(dir.resolve("check.py"), check);
    Process python =
        new ProcessBuilder("python3", "check.py")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor()).as(out).isZero();
    assertThat(out.lines().toList())
        .containsExactly(
            "1001 1001",
            "None",
            "'newcomer' was not exported from quickhub, so it has no uid here; add it with its uid"
                + " and gid to QUICKHUB_IDS in config.yaml.");
  }

  @Test
  void hashesOnlyInTheSecret(@TempDir Path dir) throws Exception {
    Z2jhExport.writeFiles(hub(), dir);
    String config = Files.readString(dir.resolve("config.yaml"));
    hub().users().forEach(u -> assertThat(config).doesNotContain(u.name() + ":" + u.hash()));
    assertThat(config).doesNotContain(HASH.substring(HASH.lastIndexOf('$')));
    Secret secret = YAML.readValue(dir.resolve("secret-passwords.yaml").toFile(), Secret.class);
    assertThat(secret.getStringData().get("passwords"))
        .isEqualTo("admin:" + HASH + "\nÜnïcode:" + HASH + "u\na.b:" + HASH + "a\nUPPER:!\n");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("secret-passwords.yaml"))))
        .isEqualTo("rw-------");
  }

  @Test
  void jobsAndClaimsAreKubernetesObjectsNamedAsKubeSpawnerLooksForThem(@TempDir Path dir)
      throws Exception {
    Z2jhExport.writeFiles(hub(), dir);
    List<String> claims =
        List.of(
            "claim-admin",
            "claim-n-code---00b24be8",
            "claim-a-b---2e7336dc",
            "claim-upper---9cba1c65",
            "quickhub-share-shared",
            "quickhub-share-data-rw---"
                + KubeSlug.safe("quickhub-share-data_rw", 63).substring(25));
    for (String claim : claims) {
      Job job = YAML.readValue(dir.resolve("jobs/load-" + claim + ".yaml").toFile(), Job.class);
      assertThat(job.getMetadata().getName()).isEqualTo("load-" + claim);
      assertThat(
              job.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getVolumes()
                  .get(0)
                  .getPersistentVolumeClaim()
                  .getClaimName())
          .isEqualTo(claim);
      assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(hub().image());
    }
    List<PersistentVolumeClaim> pvcs =
        documents(dir.resolve("claims.yaml"), PersistentVolumeClaim.class);
    assertThat(pvcs).extracting(p -> p.getMetadata().getName()).containsExactlyElementsOf(claims);
    // Ünïcode's home holds 3 GiB today: twice that.
    assertThat(pvcs.get(1).getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("6Gi");
    assertThat(pvcs.get(0).getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("1Gi");
    assertThat(Files.readString(dir.resolve("load-data.sh")))
        .contains("load 'load-claim-n-code---00b24be8' 'data/home-Ünïcode.tar.gz'");
    assertThat(Files.readString(dir.resolve("README.md")))
        .contains(
            "helm upgrade --install jhub jupyterhub/jupyterhub --namespace jhub --version 4.4.0 --values config.yaml");
  }

  @Test
  void accountsBreakingTheNameRuleOrOutsidePeoplesGidsAreLeftOut() {
    String passwd =
        String.join(
            "\n",
            "root:x:0:0:root:/root:/bin/bash",
            "ann:x:1000:1000::/home/ann:/bin/bash",
            "x$(touch${IFS}pwned):x:1001:1001::/home/x$(touch${IFS}pwned):/bin/bash",
            "bob:x:1002:0::/home/bob:/bin/bash",
            "eve\u001b[2J:x:1003:1003::/home/eve\u001b[2J:/bin/bash",
            "nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin");
    List<String> skipped = new java.util.ArrayList<>();
    Map<String, Z2jhHub.User> accounts =
        Z2jhExport.accounts(passwd, "ann:" + HASH + ":1::::::\n", "", skipped);
    assertThat(accounts).containsOnlyKeys("ann");
    assertThat(accounts.get("ann").hash()).isEqualTo(HASH);
    assertThat(skipped)
        .containsExactly(
            "the account 'x$(touch${IFS}pwned)' breaks the name rule; it is left out",
            "the account 'bob' has gid 0, not a person's; left out",
            "the account 'eve\\u001b[2J' breaks the name rule; it is left out");
  }

  @Test
  void loadScriptTakesEveryArgumentLiterally(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")));
    Path marker = dir.resolve("pwned");
    String archive = "data/home-x$(touch " + marker + ")'; touch " + marker + "; '.tar.gz";
    // The script with a load() that only prints the archive it was given.
    String script =
        Z2jhManifests.loadScript(List.of(new Z2jhManifests.Load(archive, "c", 0, List.of())))
            .replaceFirst("(?s)load\\(\\) \\{.*?\\n\\}\\n", "load() { printf %s \"\\$2\"; }\n");
    Files.writeString(dir.resolve("load-data.sh"), script);
    Process sh =
        new ProcessBuilder("/bin/sh", dir.resolve("load-data.sh").toString(), "ns")
            .redirectErrorStream(true)
            .start();
    String out = new String(sh.getInputStream().readAllBytes()).strip();
    assertThat(sh.waitFor()).isZero();
    assertThat(out).isEqualTo(archive);
    assertThat(marker).doesNotExist();
  }

  @Test
  void loadScriptIsShellcheckClean(@TempDir Path dir) throws Exception {
    assumeTrue(
        Stream.of(System.getenv("PATH").split(":"))
            .anyMatch(p -> Files.isExecutable(Path.of(p, "shellcheck"))),
        "shellcheck is not installed (run-tests installs it); the lint is skipped.");
    Z2jhExport.writeFiles(hub(), dir);
    Process lint =
        new ProcessBuilder("shellcheck", dir.resolve("load-data.sh").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(lint.getInputStream().readAllBytes());
    assertThat(lint.waitFor()).as(output).isZero();
  }

  @Test
  void configMergedOverTheChartsDefaultsValidatesAgainstItsSchema(@TempDir Path dir)
      throws Exception {
    String variable = System.getenv("QUICKHUB_Z2JH_REFERENCE");
    String folder = variable != null ? variable : System.getProperty("quickhub.z2jh.reference");
    assumeTrue(
        folder != null && Files.isRegularFile(Path.of(folder, "values.schema.yaml")),
        "The chart 4.4.0 reference (values.schema.yaml, values.yaml) is not there: set"
            + " QUICKHUB_Z2JH_REFERENCE to its folder, or put it at ../shared/reference/z2jh beside"
            + " the checkout; the schema check is skipped.");
    Path reference = Path.of(folder);
    Z2jhExport.writeFiles(hub(), dir);
    JsonNode merged =
        merge(
            YAML.readTree(reference.resolve("values.yaml").toFile()),
            YAML.readTree(dir.resolve("config.yaml").toFile()));
    List<Error> errors =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(schema(reference), InputFormat.JSON)
            .validate(merged);
    assertThat(errors).extracting(Error::toString).isEmpty();
    // The check can fail: a value of the wrong type is refused.
    ((ObjectNode) merged.get("singleuser")).put("uid", "not a number");
    assertThat(
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(schema(reference), InputFormat.JSON)
                .validate(merged))
        .isNotEmpty();
  }

  /** The schema as JSON: its YAML shares parts through anchors, which SnakeYAML resolves. */
  private static String schema(Path reference) throws Exception {
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    options.setMaxAliasesForCollections(1000); // the chart's own file: its aliases are trusted
    Object tree =
        new org.yaml.snakeyaml.Yaml(options)
            .load(Files.readString(reference.resolve("values.schema.yaml")));
    return new ObjectMapper().writeValueAsString(tree);
  }

  /** Helm's merge: maps merge key by key, null removes the default, anything else replaces it. */
  static JsonNode merge(JsonNode defaults, JsonNode given) {
    ObjectNode out = ((ObjectNode) defaults).deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode old = out.get(field.getKey());
      if (field.getValue().isNull()) {
        out.remove(field.getKey());
      } else if (old != null && old.isObject() && field.getValue().isObject()) {
        out.set(field.getKey(), merge(old, field.getValue()));
      } else {
        out.set(field.getKey(), field.getValue());
      }
    }
    return out;
  }

  private static <T> List<T> documents(Path file, Class<T> type) throws Exception {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      return Stream.iterate(0, i -> i)
          .map(i -> read(parser, type))
          .takeWhile(d -> d != null)
          .toList();
    }
  }

  private static <T> T read(com.fasterxml.jackson.core.JsonParser parser, Class<T> type) {
    try {
      return parser.nextToken() == null ? null : YAML.readValue(parser, type);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String root() {
    return Path.of("").toAbsolutePath().toString();
  }
}
