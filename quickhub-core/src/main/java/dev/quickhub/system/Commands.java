package dev.quickhub.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/** Runs host commands: quietly for a short answer, or line by line into a log for long work. */
public final class Commands {

  private Commands() {}

  /** The standard output of a short command; stderr is merged in. */
  public static String output(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      throw new IOException("interrupted while running " + command[0], e);
    }
  }

  /**
   * Runs a command to its end, appending everything it prints to {@code log} and handing each line
   * to {@code lines}. Returns the exit code.
   */
  public static int run(List<String> command, Path log, Consumer<String> lines)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    try (var reader = process.inputReader(StandardCharsets.UTF_8);
        var writer =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      String line;
      while ((line = reader.readLine()) != null) {
        writer.write(line);
        writer.newLine();
        writer.flush();
        lines.accept(line);
      }
    } catch (IOException e) {
      process.destroy();
      throw e;
    }
    return process.waitFor();
  }
}
