package dev.quickhub.report;

/** A command a message suggests, for one hub: "start it with up". */
public record Call(Command command, String hub) {

  /** What a message can suggest doing next. */
  public enum Command {
    UP,
    DOWN,
    LOGS,
    DESTROY,
    REFRESH_BASE
  }

  public static Call of(Command command, String hub) {
    return new Call(command, hub);
  }
}
