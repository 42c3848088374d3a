package dev.quickhub.image;

import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.Logs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The error for a failed mmdebstrap run: apt's own sentence when its log has one (such as "E:
 * Unable to locate package python3-nosuch", the usual fault of a listed name), else the log's end.
 */
final class MmdebstrapFailure {

  private MmdebstrapFailure() {}

  /**
   * @param what the build that failed, such as "Building the base image with mmdebstrap"
   * @param advice what else may help, after "fix the recipe"
   */
  static QuickHubException of(String what, int code, BaseRecipe recipe, Path log, Message advice) {
    Optional<String> apt = aptError(readLines(log));
    if (apt.isPresent()) {
      return new QuickHubException(
          Message.of(
              "{} failed: {}. Fix {}{}; the cached bases are unchanged (log: {}).",
              what,
              ControlCharacters.escaped(apt.get()),
              recipe.whereToFix(),
              advice,
              log));
    }
    return new QuickHubException(
        Message.of(
            "{} failed (exit code {}); fix {}{}. Last lines of {}:\n{}",
            what,
            code,
            recipe.whereToFix(),
            advice,
            log,
            ControlCharacters.escapedLines(Logs.tail(log, 15))));
  }

  /**
   * The first error line: apt's reason; mmdebstrap's own "E: setup failed" and "E: mmdebstrap
   * failed" lines come after it and only repeat the command.
   */
  static Optional<String> aptError(List<String> lines) {
    return lines.stream().filter(line -> line.startsWith("E: ")).findFirst().map(String::strip);
  }

  private static List<String> readLines(Path log) {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }
}
