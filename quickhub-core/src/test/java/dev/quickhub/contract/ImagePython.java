package dev.quickhub.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a Python snippet against the image's own lib folder (as the image's scripts import it) on
 * the host's python3, and reads the JSON it prints: what the image sees of the contract.
 */
public final class ImagePython {

  private static final Path LIB = Path.of("image", "lib").toAbsolutePath();

  private ImagePython() {}

  /**
   * The JSON printed by {@code script}, run with {@code quickhub_contract} imported as {@code c}
   * and {@code argument} in {@code sys.argv[2]}.
   */
  public static JsonNode run(String script, Map<String, String> environment, String argument)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            "python3",
            "-c",
            "import json, sys\nsys.path.insert(0, sys.argv[1])\n"
                + "import quickhub_contract as c\n"
                + script,
            LIB.toString(),
            argument);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    Process python = builder.start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (python.waitFor() != 0) {
      throw new AssertionError("python3 failed:\n" + out);
    }
    return new ObjectMapper().readTree(out);
  }
}
