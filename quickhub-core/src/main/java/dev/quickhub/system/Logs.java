package dev.quickhub.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Quotes the end of a log file in error messages. */
public final class Logs {

  private Logs() {}

  public static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return tail(all, lines);
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  public static String tail(List<String> all, int lines) {
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
