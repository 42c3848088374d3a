package dev.quickhub.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The command line run in this process, keeping what it printed. */
final class CommandLineRun {

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return QuickHubCommand.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
