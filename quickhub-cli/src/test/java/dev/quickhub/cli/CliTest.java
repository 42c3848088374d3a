package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The command line itself: help, option parsing and the one-sentence errors that need no engine.
 */
class CliTest {

  private final CommandLineRun cli = new CommandLineRun();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  @ParameterizedTest
  @ValueSource(strings = {"up", "down", "status", "logs", "build", "destroy"})
  void everyCommandExplainsItselfAndItsHubOption(String command) {
    assertThat(cli.run(command, "--help")).isZero();
    assertThat(out.toString()).contains("Usage: quickhub " + command).contains("--name=HUB");
  }

  @Test
  void usageErrorsAndUnexpectedErrorsHaveCodesOfTheirOwn() throws Exception {
    assertThat(cli.run("up", "--no-such-option")).isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(err.toString()).contains("Unknown option");

    CommandLine commandLine = QuickHubCommand.commandLine().setErr(new PrintWriter(err, true));
    CommandLine.ParseResult parsed = commandLine.parseArgs("ls");
    int code =
        commandLine
            .getExecutionExceptionHandler()
            .handleExecutionException(new IllegalStateException("a bug"), commandLine, parsed);
    assertThat(code).isEqualTo(QuickHubCommand.EXIT_UNEXPECTED).isNotEqualTo(2);
    assertThat(err.toString()).contains("quickhub: unexpected error").contains("--verbose");
  }

  @Test
  void backupIntoAFolderThatDoesNotExistNamesTheFolder(@TempDir Path dir) {
    Path folder = dir.resolve("no-such-folder");
    assertThat(cli.run("backup", "--name", "course", "-o", folder.resolve("b.tar.gz").toString()))
        .isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "quickhub: The folder "
                + folder
                + " for the backup does not exist; create it or choose another file with -o.");
  }

  @Test
  void topLevelHelpListsTheCommands() {
    assertThat(cli.run()).isZero();
    assertThat(out.toString()).contains("up", "down", "status", "logs", "build");
  }

  @Test
  void upDocumentsPortBindAndBase() {
    cli.run("up", "--help");
    assertThat(out.toString())
        .contains("--port=PORT", "--bind=ADDRESS", "--base=REF", "--refresh-base", "127.0.0.1");
  }

  @Test
  void badHubNameIsOneSentenceAndExitOne() {
    assertThat(cli.run("status", "--name", "Not Valid")).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("quickhub: 'Not Valid' is not a valid hub name")
        .doesNotContain("Exception")
        .hasLineCount(1);
  }

  @Test
  void portOutOfRangeIsRefusedBeforeAnythingRuns() {
    assertThat(cli.run("up", "--port", "0")).isEqualTo(1);
    assertThat(err.toString()).contains("Port 0 is out of range");
  }

  @Test
  void unparsableOptionIsAUsageError() {
    assertThat(cli.run("up", "--port", "eighty")).isEqualTo(2);
    assertThat(err.toString()).contains("eighty");
  }
}
