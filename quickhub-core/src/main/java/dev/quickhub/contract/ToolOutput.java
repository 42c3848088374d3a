package dev.quickhub.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.report.Call;
import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What an image tool writes on stdout (image/lib/quickhub_tool.py), read as it comes: each {@code
 * {"progress": ...}} line is passed on at once, the final {@code {"ok": ...}} line is kept for
 * {@link #answer}. A line that is not JSON is passed on as progress, so nothing a tool says is
 * lost; JSON lines of other kinds are skipped, so a newer tool may add some.
 *
 * <p>A tool run as a user is that user's program as much as the image's (its home's Python paths,
 * its other processes): only its first final line counts, a success with a failed exit is none, and
 * control characters in what it says are shown escaped, so that it cannot fake an answer or rewrite
 * the admin's terminal.
 */
final class ToolOutput implements Consumer<String> {

  /** The exit code of a tool that failed unexpectedly (a bug), as quickhub_tool.py sets it. */
  static final int UNEXPECTED = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a tool's sentence may point at, by the words of quickhub_tool.py's "see". */
  private static final Map<String, Object> POINTERS =
      Map.of(
          "up", Call.of(Call.Command.UP),
          "logs", Call.of(Call.Command.LOGS),
          "users list", Call.of(Call.Command.USERS_LIST),
          "--force", Setting.KERNEL_FORCE);

  /** The longest line read; a longer one is dropped and fails the answer. */
  static final int MAX_LINE = 1 << 20;

  private final String tool;
  private final Consumer<String> progress;
  private final boolean fromUser;
  private final StringBuilder partial = new StringBuilder();
  private JsonNode answer;
  private String broken;

  ToolOutput(String tool, Consumer<String> progress, boolean fromUser) {
    this.tool = tool;
    this.fromUser = fromUser;
    this.progress = fromUser ? line -> progress.accept(ControlCharacters.escaped(line)) : progress;
  }

  /** A piece of stdout; lines may be split anywhere (the tools write ASCII only). */
  @Override
  public void accept(String chunk) {
    partial.append(chunk);
    for (int end = partial.indexOf("\n"); end >= 0; end = partial.indexOf("\n")) {
      line(partial.substring(0, end));
      partial.delete(0, end + 1);
    }
    if (partial.length() > MAX_LINE) {
      partial.setLength(0);
      broken = "wrote a line longer than " + (MAX_LINE >> 20) + " MiB";
    }
  }

  private void line(String line) {
    if (line.isBlank()) {
      return;
    }
    if (answer != null) {
      broken = "wrote more after its answer";
      return;
    }
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      progress.accept(line);
    } else if (node.has("ok")) {
      answer = node;
    } else if (node.path("progress").isTextual()) {
      progress.accept(node.get("progress").asText());
    }
  }

  /**
   * The result of the final line, once the tool ended with {@code exitCode}. Its error sentence is
   * thrown as a {@link QuickHubException}, an unexpected failure as an {@link
   * IllegalStateException}; what the tool wrote on stderr rides along as the cause, for a stack
   * trace, never in the sentence.
   */
  JsonNode answer(int exitCode, String stderr) {
    if (!partial.isEmpty()) {
      line(partial.toString());
      partial.setLength(0);
    }
    Stderr detail = stderr.isBlank() ? null : new Stderr(tool, stderr);
    if (answer == null) {
      throw new QuickHubException(
          tool
              + " in the hub gave no answer (exit code "
              + exitCode
              + "); a hub started by an older quickhub answers once this one restarts it.",
          detail);
    }
    if (broken != null || (answer.path("ok").asBoolean(false) && exitCode != 0)) {
      throw new QuickHubException(
          tool
              + " in the hub "
              + (broken != null ? broken : "said it succeeded but exited with code " + exitCode)
              + ", so its answer is not used; nothing it said was taken as done.",
          detail);
    }
    if (fromUser) {
      answer = visible(answer);
    }
    if (answer.path("ok").asBoolean(false)) {
      return answer.path("result");
    }
    String error = answer.path("error").asText(tool + " failed without saying why.");
    if (exitCode == UNEXPECTED && !fromUser) {
      throw new IllegalStateException(error, detail);
    }
    throw new QuickHubException(message(error), detail);
  }

  /** The node with every string escaped ({@link ControlCharacters}), names of fields included. */
  private static JsonNode visible(JsonNode node) {
    if (node.isTextual()) {
      return JSON.getNodeFactory().textNode(ControlCharacters.escaped(node.asText()));
    }
    if (node.isArray()) {
      var array = JSON.createArrayNode();
      node.forEach(item -> array.add(visible(item)));
      return array;
    }
    if (node.isObject()) {
      var object = JSON.createObjectNode();
      node.fields()
          .forEachRemaining(
              field ->
                  object.set(ControlCharacters.escaped(field.getKey()), visible(field.getValue())));
      return object;
    }
    return node;
  }

  /**
   * The error as a message whose pointers to the launcher's commands and options ({@code
   * "template"} and {@code "see"}) each caller names in its own words; else the sentence as it is.
   */
  private Message message(String error) {
    JsonNode template = answer.path("template");
    JsonNode see = answer.path("see");
    if (!template.isTextual() || !see.isArray()) {
      return Message.of(error);
    }
    List<Object> parts = new ArrayList<>();
    for (JsonNode word : see) {
      Object part = POINTERS.get(word.asText());
      if (part == null) {
        return Message.of(error);
      }
      parts.add(part);
    }
    try {
      return Message.of(template.asText(), parts.toArray());
    } catch (IllegalArgumentException e) {
      return Message.of(error);
    }
  }

  /** A tool's stderr (a traceback, say), as the cause of its failure. */
  static final class Stderr extends RuntimeException {
    Stderr(String tool, String text) {
      super(tool + " wrote on stderr:\n" + text.strip(), null, false, false);
    }
  }
}
