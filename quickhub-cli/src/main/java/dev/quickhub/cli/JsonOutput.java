package dev.quickhub.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quickhub.runtime.HubStatus;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The {@code --json} option of the listing commands: one JSON document on stdout for scripts, made
 * from the core's value types. Field names are snake_case, as the image's tools already write them
 * (an account's {@code default_password}); the README lists them. Progress and errors stay on
 * stderr.
 */
final class JsonOutput {

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  @Option(
      names = "--json",
      description = "Print one JSON document on stdout instead of the table, for scripts.")
  boolean enabled;

  /** Status as JSON: the hub's fields and the options remembered for its next {@code up}. */
  static ObjectNode status(HubStatus status, HubSettings remembered) {
    ObjectNode node = MAPPER.valueToTree(status);
    node.set("options", MAPPER.valueToTree(remembered));
    return node;
  }

  /** Prints {@code value} as one JSON document and a newline. */
  static void print(PrintWriter out, Object value) {
    try {
      out.println(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + value + " as JSON", e);
    }
    out.flush();
  }
}
