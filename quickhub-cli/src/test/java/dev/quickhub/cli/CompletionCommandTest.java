package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** 'quickhub completion' prints a bash script that knows the commands and their options. */
class CompletionCommandTest {

  @Test
  void printsAScriptWithTheCommandsAndTheirOptions() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        QuickHubCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute("completion");
    assertThat(code).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F _complete_quickhub")
        .contains("_picocli_quickhub_users_list()")
        .contains("up", "status", "ls", "users", "kernel", "completion")
        .contains("--json", "--name", "--port", "--password-stdin")
        .doesNotContain("daemon");
  }
}
