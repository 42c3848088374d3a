package dev.quickhub.tls;

/**
 * Serves ACME http-01 answers at {@code /.well-known/acme-challenge/TOKEN} on port 80's stand-in.
 */
public interface ChallengeResponder {

  /** Makes {@code answer} available for {@code token}. */
  void put(String token, String answer);

  /** Takes the answer for {@code token} away again. */
  void remove(String token);
}
