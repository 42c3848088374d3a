package dev.quickhub.report;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One sentence for the user whose pointers to settings ({@link Setting}) and commands ({@link
 * Call}) are named by whoever shows it: a library user reads Java calls, the command line reads its
 * flags. Each {@code {}} in the template takes the next part; a part may be a message itself.
 */
public final class Message {

  private final String template;
  private final List<Object> parts;

  private Message(String template, List<Object> parts) {
    this.template = template;
    this.parts = parts;
  }

  public static Message of(String template, Object... parts) {
    if (parts.length == 0) {
      return new Message(template, List.of());
    }
    long holes = template.split("\\{}", -1).length - 1;
    if (holes != parts.length) {
      throw new IllegalArgumentException(
          "'" + template + "' has " + holes + " {} for " + parts.length + " parts");
    }
    return new Message(
        template, List.copyOf(Arrays.stream(parts).map(Objects::requireNonNull).toList()));
  }

  /** The sentence with each setting and command named in {@code vocabulary}. */
  public String render(Vocabulary vocabulary) {
    if (parts.isEmpty()) {
      return template;
    }
    StringBuilder out = new StringBuilder();
    String[] pieces = template.split("\\{}", -1);
    for (int i = 0; i < pieces.length; i++) {
      out.append(pieces[i]);
      if (i < parts.size()) {
        Object part = parts.get(i);
        out.append(
            part instanceof Setting setting
                ? vocabulary.setting(setting)
                : part instanceof Call call
                    ? vocabulary.call(call)
                    : part instanceof Message inner
                        ? inner.render(vocabulary)
                        : String.valueOf(part));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return render(Vocabulary.LIBRARY);
  }
}
