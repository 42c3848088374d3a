package dev.quickhub.report;

/**
 * A failure the user can act on. The message is one sentence that says what is wrong and what to
 * do; {@link #getMessage()} names settings as Java calls, and the CLI renders {@link #message()}
 * with its flags, prints it instead of a stack trace and exits with {@link #exitCode()}.
 */
public class QuickHubException extends RuntimeException {

  private final Message message;
  private final int exitCode;

  public QuickHubException(String message) {
    this(Message.of(message), 1, null);
  }

  public QuickHubException(String message, Throwable cause) {
    this(Message.of(message), 1, cause);
  }

  public QuickHubException(Message message) {
    this(message, 1, null);
  }

  public QuickHubException(Message message, Throwable cause) {
    this(message, 1, cause);
  }

  public QuickHubException(Message message, int exitCode, Throwable cause) {
    super(message.toString(), cause);
    this.message = message;
    this.exitCode = exitCode;
  }

  public QuickHubException(String message, int exitCode, Throwable cause) {
    this(Message.of(message), exitCode, cause);
  }

  /** The sentence, with its pointers to settings and commands, for a caller that names them. */
  public Message message() {
    return message;
  }

  public int exitCode() {
    return exitCode;
  }
}
