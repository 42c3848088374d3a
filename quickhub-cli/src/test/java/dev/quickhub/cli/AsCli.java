package dev.quickhub.cli;

import dev.quickhub.report.QuickHubException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * For tests of the core's messages: runs core code and, when it fails, fails with the sentence the
 * command line would print (settings named by their flags).
 */
public final class AsCli {

  private AsCli() {}

  public static ThrowingCallable asCli(ThrowingCallable call) {
    return () -> {
      try {
        call.call();
      } catch (QuickHubException e) {
        throw new QuickHubException(Flags.render(e), e.exitCode(), e.getCause());
      }
    };
  }
}
