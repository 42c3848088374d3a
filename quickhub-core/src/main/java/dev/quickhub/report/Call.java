package dev.quickhub.report;

/**
 * A command a message suggests: "start it with up". For one hub, or, when {@code hub} is null, for
 * no hub in particular (building the image) or the one at hand (as the user named it).
 */
public record Call(Command command, String hub) {

  /** What a message can suggest doing next. */
  public enum Command {
    UP,
    DOWN,
    LOGS,
    DESTROY,
    REFRESH_BASE,
    BUILD,
    USERS_LIST,
    USERS_RESTORE
  }

  public static Call of(Command command, String hub) {
    return new Call(command, hub);
  }

  /** A call that names no hub. */
  public static Call of(Command command) {
    return new Call(command, null);
  }
}
