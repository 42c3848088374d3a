package dev.quickhub.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.quickhub.report.QuickHubException;
import java.util.Locale;

/** Where users' servers run: as processes in the hub container, or each in its own container. */
public enum Servers {
  /** Processes forked in the hub container (the default: fast, no per-user limit that holds). */
  PROCESS,
  /** A container per user from the hub's image, with the engine's limits, through the gate. */
  CONTAINER;

  /** The word the hub's configuration and the command line use: "process" or "container". */
  @JsonValue
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode {@code word} names. */
  @JsonCreator
  public static Servers of(String word) {
    for (Servers servers : values()) {
      if (servers.word().equals(word)) {
        return servers;
      }
    }
    throw new QuickHubException(
        "'" + word + "' is not a way to run servers; give process or container.");
  }
}
