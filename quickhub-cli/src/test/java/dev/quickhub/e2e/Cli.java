package dev.quickhub.e2e;

import dev.quickhub.cli.QuickHubCommand;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the launcher in-process as from a shell and keeps what it printed. */
record Cli(int exitCode, String out, String err) {

  /** Runs the launcher with {@code stdin} as its standard input (for --password-stdin). */
  static Cli runWithStdin(String stdin, String... args) {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return run(args);
    } finally {
      System.setIn(original);
    }
  }

  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        QuickHubCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    Cli result = new Cli(code, out.toString(), err.toString());
    System.out.println(
        "$ quickhub " + String.join(" ", args) + "  -> exit " + code + "\n" + result.out);
    if (!result.err.isBlank()) {
      System.out.println(
          "(stderr) "
              + result
                  .err
                  .lines()
                  .filter(l -> !l.startsWith("  "))
                  .reduce("", (a, b) -> a + "\n" + b));
    }
    return result;
  }
}
