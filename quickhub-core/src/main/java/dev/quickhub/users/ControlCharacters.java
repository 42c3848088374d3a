package dev.quickhub.users;

/**
 * Control characters (C0, DEL, C1) in account text: refused everywhere, because a {@code \r} or
 * {@code \n} in a name or full name could start a new line of /etc/passwd, and shown escaped in
 * messages so that they cannot rewrite a terminal.
 */
final class ControlCharacters {

  private ControlCharacters() {}

  static boolean in(String text) {
    return text != null && text.chars().anyMatch(Character::isISOControl);
  }

  /** The text in single quotes, each control character written as {@code \r}, {@code \u0007}. */
  static String quoted(String text) {
    StringBuilder quoted = new StringBuilder("'");
    for (char c : String.valueOf(text).toCharArray()) {
      switch (c) {
        case '\r' -> quoted.append("\\r");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('\'').toString();
  }
}
