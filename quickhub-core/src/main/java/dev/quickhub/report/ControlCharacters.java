package dev.quickhub.report;

/**
 * Control characters (C0, DEL, C1) in text a user wrote: refused in account text, because a {@code
 * \r} or {@code \n} in a name or full name could start a new line of /etc/passwd, and shown escaped
 * in messages so that they cannot rewrite a terminal.
 */
public final class ControlCharacters {

  private ControlCharacters() {}

  public static boolean in(String text) {
    return text != null && text.chars().anyMatch(Character::isISOControl);
  }

  /** The text in single quotes, each control character written as {@code \r}, {@code \u0007}. */
  public static String quoted(String text) {
    return "'" + escaped(String.valueOf(text)) + "'";
  }

  /** Each line of the text escaped, the line breaks kept: a log's tail quoted in a message. */
  public static String escapedLines(String text) {
    return String.join("\n", text.lines().map(ControlCharacters::escaped).toList());
  }

  /** The text with each control character written as {@code \r}, {@code \u0007}. */
  public static String escaped(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\r' -> escaped.append("\\r");
        case '\n' -> escaped.append("\\n");
        case '\t' -> escaped.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            escaped.append(String.format("\\u%04x", (int) c));
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }
}
