package dev.quickhub.report;

/**
 * A failure the user can act on. The message is one sentence that says what is wrong and what to
 * do; the CLI prints it instead of a stack trace and exits with {@link #exitCode()}.
 */
public class QuickHubException extends RuntimeException {

  private final int exitCode;

  public QuickHubException(String message) {
    this(message, 1, null);
  }

  public QuickHubException(String message, Throwable cause) {
    this(message, 1, cause);
  }

  public QuickHubException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
