package dev.quickhub.cli;

import dev.quickhub.report.ControlCharacters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the libraries' log goes: a file under the user's XDG state folder, never the terminal.
 * docker-java, Jib, Apache HTTP (through commons-logging) and quickhub itself all log through
 * java.util.logging here (slf4j-jdk14), so its root logger is the one place to set up.
 */
final class LogFile {

  /** The log is cut at this size; the previous part stays as {@code quickhub.log.1}. */
  static final long LIMIT = 1024 * 1024;

  private LogFile() {}

  /** {@code $XDG_STATE_HOME/quickhub/quickhub.log}, or {@code ~/.local/state/quickhub/...}. */
  static Path location(Map<String, String> env, String home) {
    String state = env.get("XDG_STATE_HOME");
    Path base =
        state != null && !state.isBlank() ? Path.of(state) : Path.of(home, ".local", "state");
    return base.resolve("quickhub").resolve("quickhub.log");
  }

  /** The log file of this user. */
  static Path location() {
    return location(System.getenv(), System.getProperty("user.home"));
  }

  /**
   * Sends every log record of INFO and above to the log file, and with {@code verbose} to stderr as
   * well. Nothing below INFO is written anywhere: Apache HTTP and docker-java log request bodies
   * and headers (passwords on an exec's stdin, registry credentials, TLS keys) at debug.
   */
  static void install(Path file, boolean verbose) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(Level.INFO);
    try {
      root.addHandler(configured(new LogFileHandler(file, LIMIT)));
    } catch (IOException | RuntimeException e) {
      // No writable state folder: the records are dropped rather than shown on the terminal.
    }
    if (verbose) {
      root.addHandler(configured(new ConsoleHandler()));
    }
  }

  private static Handler configured(Handler handler) {
    handler.setLevel(Level.INFO);
    handler.setFormatter(new Line());
    return handler;
  }

  /**
   * One line per record: time, level, logger, message; then the stack trace, if any. Control
   * characters are escaped.
   */
  static final class Line extends Formatter {
    @Override
    public String format(LogRecord record) {
      StringBuilder line =
          new StringBuilder()
              .append(Instant.ofEpochMilli(record.getMillis()))
              .append(' ')
              .append(record.getLevel())
              .append(' ')
              .append(record.getLoggerName())
              .append(" - ")
              .append(ControlCharacters.escaped(formatMessage(record)))
              .append(System.lineSeparator());
      // Messages may carry what a hub's user wrote: no escape sequence of theirs reaches a terminal
      // that shows the log, and no line of theirs passes for a line of the log.
      Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Throwable t = record.getThrown(); t != null && seen.add(t); t = t.getCause()) {
        line.append(t == record.getThrown() ? "" : "Caused by: ")
            .append(ControlCharacters.escaped(String.valueOf(t)))
            .append(System.lineSeparator());
        for (StackTraceElement frame : t.getStackTrace()) {
          line.append("\tat ").append(frame).append(System.lineSeparator());
        }
      }
      return line.toString();
    }
  }
}
