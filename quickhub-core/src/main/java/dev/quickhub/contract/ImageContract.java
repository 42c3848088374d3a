package dev.quickhub.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the launcher and the image's files agree on, read from the image's own {@code contract.json}
 * (packed beside this class): where quickhub is installed in the image and its tools, the volumes'
 * mount points, the ports, the admin group, the user-name rule, the labels and the variable that
 * carries the hub's configuration. The image's Python reads the same file; {@code engine.Labels}
 * spells out the labels, as the engine floor imports nothing above it (a test keeps them equal).
 */
public final class ImageContract {

  private static final String RESOURCE = "contract.json";
  private static final ImageContract CURRENT = load();

  private final JsonNode json;
  private final Pattern namePattern;

  private ImageContract(JsonNode json) {
    this.json = json;
    this.namePattern = Pattern.compile(text(json, "user_name", "pattern"));
  }

  /** The contract of the image this launcher builds. */
  public static ImageContract get() {
    return CURRENT;
  }

  static ImageContract parse(InputStream in) throws IOException {
    return new ImageContract(new ObjectMapper().readTree(in));
  }

  private static ImageContract load() {
    try (InputStream in = ImageContract.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing beside " + ImageContract.class);
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where quickhub's files are in the image: the contract's {@code install_root}. */
  public String installRoot() {
    return text(json, "install_root");
  }

  /** A declared path under the install root, e.g. {@code bin} or {@code hub_config}. */
  public String installPath(String name) {
    return installRoot() + "/" + text(json, "install_paths", name);
  }

  /** The absolute path of one of the image's declared tools, e.g. {@code quickhub-users}. */
  public String toolPath(String tool) {
    if (!tools().contains(tool)) {
      throw new IllegalArgumentException("contract.json declares no tool " + tool);
    }
    return installPath("bin") + "/" + tool;
  }

  /** The image's tools that the launcher runs. */
  public List<String> tools() {
    List<String> tools = new ArrayList<>();
    node(json, "tools").forEach(tool -> tools.add(tool.asText()));
    return List.copyOf(tools);
  }

  /** Where the image's JupyterLab reads its settings overrides (an absolute path). */
  public String jupyterlabOverrides() {
    return text(json, "jupyterlab_overrides");
  }

  /** Where a required volume ({@code home}, {@code etc}, {@code srv}) is mounted. */
  public String volumePath(String volume) {
    return text(json, "volumes", volume);
  }

  /** A declared path on the srv volume, e.g. {@code tls}. */
  public String statePath(String name) {
    return volumePath("srv") + "/" + text(json, "state_paths", name);
  }

  /** The port the hub listens on inside the container. */
  public int hubPort() {
    return node(json, "ports", "hub").asInt();
  }

  /** The port of quickhub-http (HTTPS redirect and ACME challenges) inside the container. */
  public int httpPort() {
    return node(json, "ports", "http").asInt();
  }

  /** The Linux group whose members are hub admins. */
  public String adminGroup() {
    return text(json, "admin_group");
  }

  /** The characters of a user or group name; see {@link #isUserName}. */
  public Pattern namePattern() {
    return namePattern;
  }

  public int nameMaxLength() {
    return node(json, "user_name", "max_length").asInt();
  }

  /** The user-name rule in words, for messages. */
  public String nameRule() {
    return text(json, "user_name", "rule");
  }

  /**
   * Whether {@code name} follows the rule, matched against the whole name (so no control character
   * or trailing newline passes).
   */
  public boolean isUserName(String name) {
    return name != null && name.length() <= nameMaxLength() && namePattern.matcher(name).matches();
  }

  /** The environment variable that carries the hub's configuration document. */
  public String configVariable() {
    return text(json, "config_variable");
  }

  private static String text(JsonNode json, String... path) {
    return node(json, path).asText();
  }

  private static JsonNode node(JsonNode json, String... path) {
    JsonNode node = json;
    for (String key : path) {
      node = node.path(key);
    }
    if (node.isMissingNode() || node.isNull()) {
      throw new IllegalArgumentException("contract.json declares no " + String.join(".", path));
    }
    return node;
  }
}
