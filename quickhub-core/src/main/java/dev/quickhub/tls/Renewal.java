package dev.quickhub.tls;

import java.time.Duration;
import java.time.Instant;

/** When a certificate the launcher obtains is replaced: well before it expires, as ACME advises. */
public final class Renewal {

  /** Renew when less than this is left (Let's Encrypt's certificates last 90 days). */
  public static final Duration BEFORE_EXPIRY = Duration.ofDays(30);

  private Renewal() {}

  /** True when a certificate valid until {@code notAfter} should be replaced at {@code now}. */
  public static boolean due(Instant notAfter, Instant now) {
    return !now.plus(BEFORE_EXPIRY).isBefore(notAfter);
  }
}
