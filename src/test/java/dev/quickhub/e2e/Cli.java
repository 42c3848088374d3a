package dev.quickhub.e2e;

import dev.quickhub.cli.QuickHubCommand;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the launcher in-process as from a shell and keeps what it printed. */
record Cli(int exitCode, String out, String err) {

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
