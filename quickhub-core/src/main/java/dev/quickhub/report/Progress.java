package dev.quickhub.report;

import java.util.function.Consumer;

/**
 * Where the core reports long work. The CLI draws progress bars on a terminal and plain lines
 * elsewhere; a library user may pass {@link #lines(Consumer)} or {@link #silent()}.
 */
public interface Progress {

  /** A message for the user, one line. */
  void say(String line);

  /** A message that may point to settings: named as Java calls unless overridden. */
  default void say(Message message) {
    say(message.toString());
  }

  /** Starts a task of {@code total} steps ({@code -1} when unknown). */
  Task start(String name, long total);

  /** One piece of long work. */
  interface Task extends AutoCloseable {
    void stepTo(long done);

    void message(String message);

    @Override
    void close();
  }

  static Progress silent() {
    return lines(line -> {});
  }

  /** Plain lines: the task's name when it starts, then each new message. */
  static Progress lines(Consumer<String> out) {
    return new Progress() {
      @Override
      public void say(String line) {
        out.accept(line);
      }

      @Override
      public Task start(String name, long total) {
        out.accept(name + " ...");
        return new Task() {
          private String last = "";

          @Override
          public void stepTo(long done) {}

          @Override
          public void message(String message) {
            if (!message.equals(last)) {
              last = message;
              out.accept("  " + message);
            }
          }

          // Nothing on close: it also closes when the work fails, and the next line shows the
          // outcome.
          @Override
          public void close() {}
        };
      }
    };
  }
}
