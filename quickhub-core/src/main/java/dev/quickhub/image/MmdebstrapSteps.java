package dev.quickhub.image;

import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.Progress;
import java.util.function.Consumer;

/** Turns mmdebstrap's "I:" lines into steps of a progress task. */
final class MmdebstrapSteps implements Consumer<String> {

  /** mmdebstrap prints about this many "I:" lines on a successful run. */
  static final int EXPECTED = 12;

  private final Progress.Task task;
  private final int expected;
  private int steps;

  MmdebstrapSteps(Progress.Task task, int expected) {
    this.task = task;
    this.expected = expected;
  }

  @Override
  public void accept(String line) {
    if (line.startsWith("I: ")) {
      steps = Math.min(expected, steps + 1);
      task.stepTo(steps);
      task.message(ControlCharacters.escaped(line.substring(3)));
    }
  }
}
