package dev.quickhub.cli;

import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on a terminal, plain lines anywhere else (logs, CI, pipes). */
final class ConsoleProgress {

  private ConsoleProgress() {}

  static Progress to(PrintWriter err) {
    Progress lines =
        Progress.lines(
            line -> {
              err.println(line);
              err.flush();
            });
    return withFlags(System.console() == null ? lines : bars(lines));
  }

  /** Names the settings in messages with their flags. */
  private static Progress withFlags(Progress progress) {
    return new Progress() {
      @Override
      public void say(String line) {
        progress.say(line);
      }

      @Override
      public void say(Message message) {
        progress.say(message.render(Flags.INSTANCE));
      }

      @Override
      public Task start(String name, long total) {
        return progress.start(name, total);
      }
    };
  }

  private static Progress bars(Progress lines) {
    return new Progress() {
      @Override
      public void say(String line) {
        lines.say(line);
      }

      @Override
      public Task start(String name, long total) {
        ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .build();
        return new Task() {
          @Override
          public void stepTo(long done) {
            bar.stepTo(done);
          }

          @Override
          public void message(String message) {
            bar.setExtraMessage(message);
          }

          @Override
          public void close() {
            bar.close();
          }
        };
      }
    };
  }
}
