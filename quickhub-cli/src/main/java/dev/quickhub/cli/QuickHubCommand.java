package dev.quickhub.cli;

import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.Version;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quickhub} launcher: a thin CLI over {@link dev.quickhub.QuickHub}. */
@Command(
    name = "quickhub",
    mixinStandardHelpOptions = true,
    versionProvider = QuickHubCommand.VersionProvider.class,
    header = "A multi-user JupyterHub in Docker in one command.",
    description = {
      "Builds the quick-jupyterhub image with Jib (no Dockerfile), seeds the accounts admin and user1"
          + " (password = user name), and runs the hub with its homes, accounts and state on named volumes.",
      ""
    },
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      LsCommand.class,
      LogsCommand.class,
      BuildCommand.class,
      PushCommand.class,
      DestroyCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      UsersCommand.class,
      AdoptCommand.class,
      KernelCommand.class,
      CourseCommand.class,
      RenewCommand.class,
      DaemonCommand.class,
      InitCommand.class,
      ExportCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'quickhub COMMAND --help' for a command's options."})
public final class QuickHubCommand implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(QuickHubCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the launcher as from the command line and returns its exit code. */
  public static int execute(String... args) {
    Path log = LogFile.location();
    LogFile.install(log, Arrays.asList(args).contains("--verbose"));
    return commandLine(log).execute(args);
  }

  /** The configured command line, for embedding and tests. */
  /** A usage error: picocli's own code, with the usage printed. */
  public static final int EXIT_USAGE = 2;

  /** An error quickhub did not expect (a bug): not the same code as a usage error. */
  public static final int EXIT_UNEXPECTED = 70;

  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /** The command line; an unexpected error's details go to {@code log} when there is one. */
  private static CommandLine commandLine(Path log) {
    return new CommandLine(new QuickHubCommand())
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              if (e instanceof QuickHubException q) {
                String sentence = Flags.render(q);
                // The sentence only: a cause may quote a tool's stderr, which a hub user wrote.
                LOG.info("{}", sentence);
                commandLine.getErr().println("quickhub: " + sentence);
                return q.exitCode();
              }
              String ssh = sshHost(parseResult);
              if (ssh != null && causedByIo(e)) {
                LOG.warn("The connection to the engine at {} dropped", ssh, e);
                commandLine
                    .getErr()
                    .println(
                        "quickhub: The connection to the engine at "
                            + ssh
                            + " dropped ("
                            + rootMessage(e)
                            + "); the hub itself keeps running there. Run the command again.");
                return 1;
              }
              LOG.error("unexpected error", e);
              commandLine.getErr().println("quickhub: unexpected error: " + e);
              boolean verbose = matched(parseResult, "--verbose");
              if (log == null) {
                if (verbose) {
                  e.printStackTrace(commandLine.getErr());
                } else {
                  commandLine.getErr().println("Run the command again with --verbose for details.");
                }
              } else if (!verbose) {
                // With --verbose the log record, stack trace included, is on stderr already.
                commandLine
                    .getErr()
                    .println(
                        "Details in "
                            + log
                            + "; run the command again with --verbose to see them here.");
              }
              return EXIT_UNEXPECTED;
            });
  }

  /** Whether the command or its subcommand was given {@code option}. */
  private static boolean matched(CommandLine.ParseResult parseResult, String option) {
    for (CommandLine.ParseResult result = parseResult;
        result != null;
        result = result.subcommand()) {
      if (result.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }

  /** The ssh:// engine the command talks to (--host or DOCKER_HOST), or null. */
  private static String sshHost(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult result = parseResult;
        result != null;
        result = result.subcommand()) {
      String host = result.matchedOptionValue("--host", null);
      if (host != null) {
        return host.startsWith("ssh://") ? host : null;
      }
    }
    String variable = System.getenv("DOCKER_HOST");
    return variable != null && variable.startsWith("ssh://") ? variable : null;
  }

  private static boolean causedByIo(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  /** Prints quickhub's version. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"quickhub " + Version.get()};
    }
  }
}
