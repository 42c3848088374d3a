package dev.quickhub.z2jh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chart's {@code config.yaml} for a {@link Z2jhHub}: the image and the per-user container
 * contract of docs/servers.md, each account's own uid and gid, homes at {@code /home/NAME}, limits,
 * culler, users, shares and HTTPS, and an authenticator that checks the exported hashes from a
 * Secret. No hash is ever in it.
 */
public final class Z2jhConfig {

  /** The chart release the files are written for. */
  public static final String CHART_VERSION = "4.4.0";

  public static final String CHART_REPOSITORY = "https://hub.jupyter.org/helm-chart/";

  /** The Secret with the accounts' hashes, and where the hub reads it. */
  public static final String SECRET = "quickhub-passwords";

  static final String SECRET_MOUNT = "/etc/quickhub-passwords";

  /** The user container's command (docs/servers.md). */
  static final String WRAPPER = "/opt/quickhub/bin/quickhub-singleuser";

  private static final String AUTHENTICATOR =
      "dev/quickhub/sources/image/k8s/quickhub_z2jh_auth.py";

  static final long GIB = 1L << 30;

  static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

  private Z2jhConfig() {}

  /** The text of config.yaml. */
  public static String yaml(Z2jhHub hub) {
    return "# Zero to JupyterHub chart "
        + CHART_VERSION
        + " values for quickhub's hub "
        + hub.name()
        + ", written by 'quickhub export z2jh'.\n"
        + "# The accounts' password hashes are in secret-passwords.yaml, never here.\n"
        + write(values(hub));
  }

  static String write(Object tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The values as a tree of maps and lists. */
  static Map<String, Object> values(Z2jhHub hub) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("hub", hub(hub));
    values.put("singleuser", singleuser(hub));
    values.put("cull", cull(hub));
    hub.domain().ifPresent(domain -> values.put("proxy", proxy(domain, hub.acmeEmail())));
    return values;
  }

  private static Map<String, Object> hub(Z2jhHub hub) {
    List<String> admins =
        hub.users().stream().filter(Z2jhHub.User::admin).map(u -> u.name()).toList();
    List<String> allowed = hub.users().stream().map(Z2jhHub.User::name).toList();
    Map<String, Object> authenticator = new LinkedHashMap<>();
    authenticator.put("admin_users", admins);
    authenticator.put("allowed_users", allowed);
    // What the chart has no value for goes to KubeSpawner as it is. Its cmd becomes the
    // container's args, after the image's entrypoint (the hub's): env replaces that entrypoint
    // and runs the contract's command as it is.
    Map<String, Object> kubeSpawner =
        map(
            "notebook_dir",
            "~/notebook",
            "extra_container_config",
            map("command", List.of("/usr/bin/env")));
    return map(
        "config", map("Authenticator", authenticator, "KubeSpawner", kubeSpawner),
        "extraVolumes",
            List.of(
                map(
                    "name",
                    SECRET,
                    // The hub runs as the chart's uid 1000 with fsGroup 1000: group-readable.
                    "secret",
                    map("secretName", SECRET, "defaultMode", 0440))),
        "extraVolumeMounts",
            List.of(map("name", SECRET, "mountPath", SECRET_MOUNT, "readOnly", true)),
        "extraConfig", map("10-quickhub-passwords", authenticator(), "20-quickhub-ids", ids(hub)));
  }

  /** Each account runs as its own uid and gid, as on quickhub, so its files stay its own. */
  private static String ids(Z2jhHub hub) {
    Map<String, List<Integer>> ids = new TreeMap<>();
    hub.users().forEach(u -> ids.put(u.name(), List.of(u.uid(), u.gid())));
    String table;
    try {
      table = new ObjectMapper().writeValueAsString(ids);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // No fs_gid: Kubernetes would chgrp every mounted claim, shared ones too, to each user's
    // group; the Jobs keep the owners instead. A user the export does not know gets no ids of
    // the chart's (uid 1000 would own the first account's files): its spawn is refused.
    return "# quickhub's accounts: name -> [uid, gid] (their homes' owners).\n"
        + "QUICKHUB_IDS = "
        + table
        + "\n"
        + "def _quickhub_ids(spawner):\n"
        + "    ids = QUICKHUB_IDS.get(spawner.user.name)\n"
        + "    if ids is None:\n"
        + "        raise ValueError(\n"
        + "            f\"{spawner.user.name!r} was not exported from quickhub, so it has no uid\"\n"
        + "            \" here; add it with its uid and gid to QUICKHUB_IDS in config.yaml.\")\n"
        + "    return ids\n"
        + "c.KubeSpawner.uid = lambda s: _quickhub_ids(s)[0]\n"
        + "c.KubeSpawner.gid = lambda s: _quickhub_ids(s)[1]\n"
        + "c.KubeSpawner.fs_gid = None\n";
  }

  private static Map<String, Object> singleuser(Z2jhHub hub) {
    Map<String, Object> single = new LinkedHashMap<>();
    single.put("image", image(hub.image()));
    single.put("cmd", List.of(WRAPPER));
    single.put("extraEnv", environment(hub));
    single.put("defaultUrl", "/lab");
    single.put("uid", 1000);
    single.put("fsGid", 1000);
    single.put("storage", storage(hub));
    hub.userMemory()
        .ifPresent(
            bytes ->
                single.put("memory", map("guarantee", memory(bytes / 2), "limit", memory(bytes))));
    hub.userCpus().ifPresent(cpus -> single.put("cpu", map("guarantee", cpus / 2, "limit", cpus)));
    return single;
  }

  /** The contract's environment; KubeSpawner adds JupyterHub's own (the token among them). */
  private static Map<String, Object> environment(Z2jhHub hub) {
    Map<String, Object> env = new LinkedHashMap<>();
    // {unescaped_username}: the account's own name, as its home is named; {username} would be
    // KubeSpawner's slug, which differs for names such as 'a_b'.
    env.put("HOME", "/home/{unescaped_username}");
    env.put("USER", "{unescaped_username}");
    env.put("SHELL", "/bin/bash");
    env.put("JUPYTER_CONFIG_PATH", "/opt/quickhub/jupyter");
    env.put("YARNCOMMAND", "true");
    env.put("QUICKHUB_CONFIG", sharesConfig(hub));
    hub.cullIdle()
        .ifPresent(
            idle ->
                env.put(
                    "JUPYTERHUB_ACTIVITY_INTERVAL", String.valueOf(interval(idle.toSeconds()))));
    return env;
  }

  /**
   * The wrapper links each share into the home from this JSON document (docs/servers.md); braces
   * doubled, as KubeSpawner formats every value of the environment with the user's names.
   */
  private static String sharesConfig(Z2jhHub hub) {
    List<Object> shares = new ArrayList<>();
    hub.shares().forEach(s -> shares.add(map("name", s.name(), "path", s.path())));
    try {
      return new ObjectMapper()
          .writeValueAsString(map("shares", shares))
          .replace("{", "{{")
          .replace("}", "}}");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> storage(Z2jhHub hub) {
    long largest = hub.users().stream().mapToLong(Z2jhHub.User::homeBytes).max().orElse(0);
    Map<String, Object> storage = new LinkedHashMap<>();
    storage.put("type", "dynamic");
    storage.put("homeMountPath", "/home/{unescaped_username}");
    // For accounts made later; each exported home's claim has its own size (claims.yaml).
    storage.put("capacity", Math.max(10, capacityGib(largest)) + "Gi");
    List<Object> volumes = new ArrayList<>();
    List<Object> mounts = new ArrayList<>();
    for (Z2jhHub.Share share : hub.shares()) {
      String claim = Z2jhManifests.shareClaim(share.name());
      volumes.add(map("name", claim, "persistentVolumeClaim", map("claimName", claim)));
      mounts.add(map("name", claim, "mountPath", share.path(), "readOnly", share.readOnly()));
    }
    if (!volumes.isEmpty()) {
      storage.put("extraVolumes", volumes);
      storage.put("extraVolumeMounts", mounts);
    }
    return storage;
  }

  /** Headroom: twice today's use, in whole GiB, at least 1 GiB. */
  public static long capacityGib(long bytes) {
    return Math.max(1, (2 * bytes + GIB - 1) / GIB);
  }

  /** How often servers report activity: a third of the idle time, between 5 s and 5 min. */
  static long interval(long idleSeconds) {
    return Math.max(5, Math.min(300, idleSeconds / 3));
  }

  private static Map<String, Object> cull(Z2jhHub hub) {
    return hub.cullIdle()
        .<Map<String, Object>>map(
            idle ->
                map(
                    "enabled", true,
                    "timeout", idle.toSeconds(),
                    "every", Math.max(60, Math.min(600, idle.toSeconds() / 2))))
        .orElse(map("enabled", false));
  }

  private static Map<String, Object> proxy(String domain, java.util.Optional<String> email) {
    Map<String, Object> letsencrypt = new LinkedHashMap<>();
    email.ifPresent(e -> letsencrypt.put("contactEmail", e));
    return map("https", map("enabled", true, "hosts", List.of(domain), "letsencrypt", letsencrypt));
  }

  /**
   * {@code name}, {@code tag} and how to split a reference: a digest stays with the tag (the chart
   * writes NAME:TAG), and a digest alone stays in the name with no tag.
   */
  static Map<String, Object> image(String reference) {
    String name = reference;
    String tag = null;
    int at = reference.indexOf('@');
    String beforeDigest = at < 0 ? reference : reference.substring(0, at);
    int colon = beforeDigest.lastIndexOf(':');
    if (colon > beforeDigest.lastIndexOf('/')) {
      name = reference.substring(0, colon);
      tag = reference.substring(colon + 1);
    }
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("name", name);
    image.put("tag", tag); // null takes the chart's default tag away
    return image;
  }

  /** KubeSpawner's memory units: M and G are powers of 1024. */
  static String memory(long bytes) {
    long mib = 1L << 20;
    return bytes % mib == 0 ? bytes / mib + "M" : String.valueOf(bytes);
  }

  private static String authenticator() {
    try (InputStream in = Z2jhConfig.class.getClassLoader().getResourceAsStream(AUTHENTICATOR)) {
      if (in == null) {
        throw new IllegalStateException("The authenticator " + AUTHENTICATOR + " is not built in.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
