package dev.quickhub.runtime;

import dev.quickhub.report.QuickHubException;
import java.util.Locale;

/** Memory sizes as the docker CLI writes them: a number with k, m or g (binary units). */
public final class ByteSize {

  private ByteSize() {}

  public static long parse(String option, String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (text.endsWith("b")) {
      text = text.substring(0, text.length() - 1);
    }
    switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
      case 'k' -> unit = 1L << 10;
      case 'm' -> unit = 1L << 20;
      case 'g' -> unit = 1L << 30;
      default -> unit = 1;
    }
    String number = unit == 1 ? text : text.substring(0, text.length() - 1);
    try {
      long bytes = Math.round(Double.parseDouble(number) * unit);
      if (bytes >= 4L << 20) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new QuickHubException(
        "'"
            + value
            + "' is not a size for "
            + option
            + "; give at least 4m, for example 512m or 2g.");
  }
}
